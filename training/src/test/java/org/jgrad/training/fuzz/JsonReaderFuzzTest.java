package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jgrad.nn.io.JsonReader;

/**
 * Fuzzes {@link JsonReader#parse}, the strict JSON reader behind safetensors headers: any text
 * either parses or is refused with an {@link IllegalArgumentException} naming the character
 * offset; never a stack overflow on deep nesting, nor memory out of proportion to the text.
 */
class JsonReaderFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) throws Exception {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            return;   // the safetensors reader refuses bytes that are not UTF-8 before parsing
        }
        ReaderContract.readOrRefuse("at character", input.length, 64, () -> JsonReader.parse(text));
    }
}
