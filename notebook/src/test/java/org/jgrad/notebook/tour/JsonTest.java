package org.jgrad.notebook.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Json} writes what Python's json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) writes. */
class JsonTest {
    @Test
    void keysSortedOneSpacePerLevelAndOnlyJsonsEscapes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", Arrays.asList(1, "x\n\"é\\\t\u0001<&>", null, true));
        value.put("a", Map.of());
        value.put("c", List.of());
        value.put("d", Map.of("e", List.of(Map.of())));
        // python3 -c 'import json; print(json.dumps({"b": [1, "x\n\"é\\\t\x01<&>", None, True], "a": {}, "c": [], "d": {"e": [{}]}},
        //            sort_keys=True, indent=1, ensure_ascii=False))'
        assertEquals("{\n \"a\": {},\n \"b\": [\n  1,\n  \"x\\n\\\"é\\\\\\t\\u0001<&>\",\n  null,\n  true\n ],\n \"c\": [],\n"
                + " \"d\": {\n  \"e\": [\n   {}\n  ]\n }\n}", Json.write(value));
    }

    @Test
    void aValueWithoutAJsonFormIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(1.5)));
    }
}
