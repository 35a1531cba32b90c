package org.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header's own JSON reader and writer. */
class SafeTensorsJsonTest {

    @Test
    void parsesTheValuesAHeaderUses() {
        Object v = JsonReader.parse(" {\"a\" : [1, -2, 0, 123456789012345678901234], \"b\": {\"c\": \"d\"}, \"e\": [], \"f\": {},"
                + " \"t\": true, \"n\": null, \"x\": 1.5e3, \"y\": -0.25}\r\n\t ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "e", "f", "t", "n", "x", "y"), List.copyOf(m.keySet()));
        assertEquals(List.of(BigInteger.ONE, BigInteger.valueOf(-2), BigInteger.ZERO, new BigInteger("123456789012345678901234")), m.get("a"));
        assertEquals(Map.of("c", "d"), m.get("b"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertSame(JsonReader.NULL, m.get("n"));
        assertEquals(new BigDecimal("1.5e3"), m.get("x"));
        assertEquals(new BigDecimal("-0.25"), m.get("y"));
    }

    @Test
    void decodesEveryEscape() {
        String s = (String) JsonReader.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u00C9 \\ud83d\\ude00 raw é 😀\"");
        assertEquals("q\" b\\ s/ \b\f\n\r\t éÉ \uD83D\uDE00 raw é \uD83D\uDE00", s);
    }

    @Test
    void writerOutputReadsBack() {
        String tricky = "\" \\ / \b \f \n \r \t \u0000 \u001f \u007f é \uD83D\uDE00";
        StringBuilder sb = JsonWriter.appendString(new StringBuilder(), tricky);
        assertEquals("\"\\\" \\\\ / \\b \\f \\n \\r \\t \\u0000 \\u001f \u007f é \uD83D\uDE00\"", sb.toString());
        assertEquals(tricky, JsonReader.parse(sb.toString()));
        assertEquals("[0,42,9007199254740993]", JsonWriter.appendLongs(new StringBuilder(), 0, 42, 9007199254740993L).toString());
    }

    private static void fails(String json, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(json));
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("at character"), e.getMessage());
    }

    @Test
    void rejectsInvalidJson() {
        fails("", "end of input");
        fails("{\"a\":1,\"a\":2}", "duplicate key \"a\"");
        fails("{\"a\":1,}", "expected a string key");
        fails("[1,]", "expected a value");
        fails("[1 2]", "expected ',' or ']'");
        fails("{\"a\" 1}", "expected ':'");
        fails("{a:1}", "expected a string key");
        fails("\"abc", "unterminated string");
        fails("\"a\nb\"", "raw control character U+000A");
        fails("\"\\x\"", "invalid escape \\x");
        fails("\"\\u12G4\"", "invalid hex digit");
        fails("\"\\ud83d\"", "unpaired surrogate");
        fails("\"\\ude00\"", "unpaired surrogate");
        fails("\"\\ud83d\\u0041\"", "unpaired surrogate");
        fails("01", "leading zero");
        fails("-", "expected a digit");
        fails("1.", "expected a digit after '.'");
        fails("1e", "expected a digit in the exponent");
        fails("tru", "expected a value");
        fails("{} {}", "after the JSON value");
        fails("[".repeat(JsonReader.MAX_DEPTH + 1), "nesting deeper than 64");
    }
}
