package dev.stowage.ui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.stowage.ui.JsonLineTokens.Kind.KEY;
import static dev.stowage.ui.JsonLineTokens.Kind.LITERAL;
import static dev.stowage.ui.JsonLineTokens.Kind.NUMBER;
import static dev.stowage.ui.JsonLineTokens.Kind.PUNCTUATION;
import static dev.stowage.ui.JsonLineTokens.Kind.STRING;
import static org.assertj.core.api.Assertions.assertThat;

class JsonLineTokensTest {
    private static List<String> runs(String line) {
        return JsonLineTokens.of(line).stream().map(t -> t.kind() + ":" + line.substring(t.start(), t.end())).toList();
    }

    @Test
    void keysStringsNumbersAndLiteralsAreToldApart() {
        assertThat(runs("        \"Id\": \"sha256:ab\\\"c\",")).containsExactly(
                PUNCTUATION + ":        ", KEY + ":\"Id\"", PUNCTUATION + ":: ", STRING + ":\"sha256:ab\\\"c\"", PUNCTUATION + ":,");
        assertThat(runs("    \"Size\": -1234.5e3,")).containsExactly(
                PUNCTUATION + ":    ", KEY + ":\"Size\"", PUNCTUATION + ":: ", NUMBER + ":-1234.5e3", PUNCTUATION + ":,");
        assertThat(runs("\"a\": true, \"b\": null, \"c\": false")).containsExactly(
                KEY + ":\"a\"", PUNCTUATION + ":: ", LITERAL + ":true", PUNCTUATION + ":, ", KEY + ":\"b\"", PUNCTUATION + ":: ",
                LITERAL + ":null", PUNCTUATION + ":, ", KEY + ":\"c\"", PUNCTUATION + ":: ", LITERAL + ":false");
    }

    @Test
    void anArrayElementIsAStringNotAKeyAndTheRunsCoverTheLine() {
        String line = "            \"/bin/sh\",";
        assertThat(runs(line)).containsExactly(PUNCTUATION + ":            ", STRING + ":\"/bin/sh\"", PUNCTUATION + ":,");
        String unterminated = "\"open";
        assertThat(runs(unterminated)).containsExactly(STRING + ":\"open");
        assertThat(runs("    ],")).containsExactly(PUNCTUATION + ":    ],");
    }
}
