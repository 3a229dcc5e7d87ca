package io.siyu.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    @Test
    void roundTrip() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(4180);
        String alphabet = "ab,\"\n\r x中é;'";
        for (int trial = 0; trial < 200; trial++) {
            List<List<String>> rows = new ArrayList<>();
            int rowCount = random.nextInt(7);
            for (int r = 0; r < rowCount; r++) {
                List<String> row = new ArrayList<>();
                int fields = 1 + random.nextInt(4);
                for (int f = 0; f < fields; f++) {
                    StringBuilder field = new StringBuilder();
                    int length = random.nextInt(13);
                    for (int c = 0; c < length; c++) {
                        field.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    row.add(field.toString());
                }
                rows.add(row);
            }
            roundTrip(rows, 64 + random.nextInt(137));
        }
    }

    private void roundTrip(List<List<String>> rows, int bufferSize) throws IOException {
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
