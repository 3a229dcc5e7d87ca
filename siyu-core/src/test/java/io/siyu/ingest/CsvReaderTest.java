package io.siyu.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<String> records(String text, int bufferSize) throws IOException {
        List<String> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), bufferSize)) {
            while (r.next()) {
                out.add(r.line() + ":" + String.join("|", r.fields()) + (r.problem() == null ? "" : "!"));
            }
        }
        return out;
    }

    @Test
    void quotingAsInRfc4180() throws IOException {
        String text = "\uFEFFa,b,c\r\n"
                + "1,\"x, y\",\"he said \"\"hi\"\"\"\r\n"
                + "2,\"two\nlines\",\r\n"
                + "\r\n"
                + "3,,\"\"\n"
                + "4,last";
        for (int size : new int[] {64, 65, 70, 1 << 20}) {
            assertThat(records(text, size)).containsExactly(
                    "1:a|b|c",
                    "2:1|x, y|he said \"hi\"",
                    "3:2|two\nlines|",
                    "6:3||",
                    "7:4|last");
        }
    }

    @Test
    void loneCarriageReturnEndsALineAndUnterminatedQuoteIsReported() throws IOException {
        assertThat(records("a\rb\r\"open,\nstill", 1 << 20)).containsExactly("1:a", "2:b", "3:open,\nstill!");
    }

    @Test
    void leniencyKeepsStrayQuotes() throws IOException {
        assertThat(records("ab\"c,\"q\"x,é中\n", 64)).containsExactly("1:ab\"c|qx|é中");
    }

    /** Fields written by a simple RFC 4180 writer read back identically at any buffer size. */
    @Property(tries = 200)
    void roundTrip(@ForAll @Size(max = 6) List<@Size(min = 1, max = 4) List<@StringLength(max = 12) String>> rows,
                   @ForAll @IntRange(min = 64, max = 200) int bufferSize) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        long line = 1;
        for (List<String> row : rows) {
            List<String> cleaned = new ArrayList<>();
            for (String f : row) {
                cleaned.add(f.replace("\r", ""));
            }
            if (cleaned.size() == 1 && cleaned.get(0).isEmpty()) {
                cleaned.set(0, "x");
            }
            List<String> quoted = new ArrayList<>();
            for (String f : cleaned) {
                quoted.add("\"" + f.replace("\"", "\"\"") + "\"");
            }
            sb.append(String.join(",", quoted)).append("\r\n");
            expected.add(line + ":" + String.join("|", cleaned));
            line += 1 + String.join("", cleaned).chars().filter(c -> c == '\n').count();
        }
        assertThat(records(sb.toString(), bufferSize)).isEqualTo(expected);
    }
}
