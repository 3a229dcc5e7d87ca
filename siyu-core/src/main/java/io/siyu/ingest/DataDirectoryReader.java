package io.siyu.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.facts.FactSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads a data directory (DESIGN.md §4) into a {@link FactSink}: for each of {@link #FILE_ORDER}
 * whichever of {@code NAME.csv} and {@code NAME.jsonl} exist, in that order, so that customers
 * and products come before the facts that refer to them and orders before their items.
 *
 * <p>CSV: UTF-8, optional byte order mark, a header row, RFC 4180 quoting. JSON Lines: one object
 * per line with the same field names; an event may carry a {@code properties} object. Every row is
 * validated; a bad row is reported as a {@link RejectedRow} and the load goes on, so the good rows
 * are always kept. A file without a required column is rejected as a whole with one error. Other
 * files in the directory are listed in {@link LoadReport#skipped()}.
 *
 * <p>Instances are stateless and may be reused. By default the sink is fed from a worker thread
 * (never two calls at once, always in file order); {@code new DataDirectoryReader(false)} keeps
 * everything on the calling thread.
 */
public final class DataDirectoryReader {
    /** The data files, without extension, in load order. */
    public static final List<String> FILE_ORDER = List.of("customers", "identities", "staff", "products", "orders",
            "order_items", "events", "messages");

    private final ObjectMapper json = new ObjectMapper();
    private final boolean pipelined;

    /** A reader that stores facts on a second thread while it parses (see {@link #DataDirectoryReader(boolean)}). */
    public DataDirectoryReader() {
        this(true);
    }

    /**
     * @param pipelined when true, the sink is called from one worker thread per file (in file order,
     *                  one call at a time) while the calling thread parses and validates, which
     *                  roughly halves load time on two or more cores; when false, everything runs
     *                  on the calling thread, and one reader may serve many threads at once (each
     *                  call makes its own table reader; the shared object mapper is thread-safe)
     */
    public DataDirectoryReader(boolean pipelined) {
        this.pipelined = pipelined;
    }

    /** Reads every data file of {@code dir}; timestamps without an offset are in {@code zone}. */
    public LoadReport read(Path dir, ZoneId zone, FactSink sink) throws IOException {
        long start = System.nanoTime();
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory: " + dir);
        }
        Set<String> known = new TreeSet<>();
        List<LoadReport.FileSummary> files = new ArrayList<>();
        for (String table : FILE_ORDER) {
            for (String ext : List.of(".csv", ".jsonl")) {
                Path file = dir.resolve(table + ext);
                known.add(table + ext);
                if (Files.isRegularFile(file)) {
                    files.add(readFile(file, table, zone, sink));
                }
            }
        }
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !known.contains(name))
                    .sorted()
                    .forEach(skipped::add);
        }
        return new LoadReport(files, skipped, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Reads one file as the given table ({@code orders}, …); CSV unless the name ends with
     * {@code .jsonl}.
     */
    public LoadReport.FileSummary readFile(Path file, String table, ZoneId zone, FactSink sink) throws IOException {
        if (!FILE_ORDER.contains(table)) {
            throw new IllegalArgumentException("unknown table '" + table + "'; expected one of " + FILE_ORDER);
        }
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return name.endsWith(".jsonl") ? readJsonLines(in, name, table, zone, sink)
                    : readCsv(in, name, table, zone, sink);
        }
    }

    /** Reads CSV from a stream as the given table; {@code fileName} is used in the report. */
    public LoadReport.FileSummary readCsv(InputStream in, String fileName, String table, ZoneId zone, FactSink sink)
            throws IOException {
        Tally tally = new Tally(fileName);
        TableReader reader = new TableReader(table, fileName, zone, json);
        CsvReader csv = new CsvReader(in);
        if (!csv.next()) {
            return tally.summary(); // an empty file has no rows to load
        }
        Header header = new Header();
        for (int i = 0; i < csv.size(); i++) {
            String name = csv.get(i);
            if (header.add(name) < 0) {
                tally.fileError = new RejectedRow(fileName, csv.line(), i + 1, name,
                        "column '" + name.strip() + "' appears twice in the header; header found: "
                                + String.join(",", csv.fields()));
                return tally.summary();
            }
        }
        String headerError = reader.bind(header);
        if (headerError != null) {
            tally.fileError = new RejectedRow(fileName, csv.line(), 0, null, headerError);
            return tally.summary();
        }
        int width = header.size();
        Row row = new Row();
        Feed feed = new Feed(sink, tally);
        try {
            while (csv.next()) {
                int n = csv.size();
                if (csv.problem() != null) {
                    tally.reject(new RejectedRow(fileName, csv.line(), n, null, csv.problem()));
                    continue;
                }
                if (n > width) {
                    tally.reject(new RejectedRow(fileName, csv.line(), width + 1, null, "row has " + n
                            + " fields but the header has " + width + " columns; quote a value that contains a comma,"
                            + " e.g. \"Shanghai, China\""));
                    continue;
                }
                row.reset(width);
                row.line = csv.line();
                for (int i = 0; i < n; i++) {
                    row.values[i] = csv.get(i);
                    row.columns[i] = i + 1;
                }
                for (int i = n; i < width; i++) {
                    row.columns[i] = i + 1; // a short row: the missing trailing values are empty
                }
                feed.apply(reader, row);
            }
        } catch (IOException | RuntimeException | Error e) {
            feed.abort();
            throw e;
        }
        feed.finish();
        return tally.summary();
    }

    /** Reads JSON Lines from a stream as the given table; {@code fileName} is used in the report. */
    public LoadReport.FileSummary readJsonLines(InputStream in, String fileName, String table, ZoneId zone,
                                                FactSink sink) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        return readObjects(fileName, table, zone, sink, (header, row) -> {
            String line;
            while ((line = lines.readLine()) != null) {
                row.line++;
                if (row.line == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    row.reset(header.size());
                    return parseObject(line, table, header, row);
                }
            }
            return END;
        });
    }

    /**
     * Reads JSON objects already parsed (the items of an API request) as the given table, exactly
     * as the lines of a JSON Lines file (object k is line k), without writing and parsing them again.
     */
    public LoadReport.FileSummary readJsonObjects(List<? extends JsonNode> objects, String fileName, String table, ZoneId zone,
                                                  FactSink sink) throws IOException {
        java.util.Iterator<? extends JsonNode> next = objects.iterator();
        return readObjects(fileName, table, zone, sink, (header, row) -> {
            if (!next.hasNext()) {
                return END;
            }
            row.line++;
            row.reset(header.size());
            return fillObject(next.next(), table, header, row);
        });
    }

    /** The end of the input, as a {@link ObjectSource} result. */
    private static final String END = new String("end");

    /** Fills the row with the next object; returns a problem, null when the row is good, or {@link #END}. */
    @FunctionalInterface
    private interface ObjectSource {
        String next(Header header, Row row) throws IOException;
    }

    private LoadReport.FileSummary readObjects(String fileName, String table, ZoneId zone, FactSink sink, ObjectSource source)
            throws IOException {
        Tally tally = new Tally(fileName);
        TableReader reader = new TableReader(table, fileName, zone, json);
        Header header = new Header();
        for (String col : TableReader.knownColumns(table)) {
            header.add(col);
        }
        reader.bind(header); // every known column has a fixed index; missing values are checked per row
        Row row = new Row();
        row.line = 0;
        Feed feed = new Feed(sink, tally);
        try {
            for (String problem; (problem = source.next(header, row)) != END; ) {
                if (problem != null) {
                    tally.reject(new RejectedRow(fileName, row.line, row.columns[0], null, problem));
                    continue;
                }
                feed.apply(reader, row);
            }
        } catch (IOException | RuntimeException | Error e) {
            feed.abort();
            throw e;
        }
        feed.finish();
        return tally.summary();
    }

    /** Fills the row from a parsed JSON object, as {@link #parseObject} from its text. */
    private String fillObject(JsonNode node, String table, Header header, Row row) {
        if (!node.isObject()) {
            row.columns[0] = 1;
            return "not a JSON object; each line must be one object like {\"customer_id\":\"c1\", …}";
        }
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            int idx = header.intern(field.getKey());
            JsonNode v = field.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isContainerNode()) {
                if (field.getKey().equals("properties") && table.equals("events") && v.isObject()) {
                    row.jsonProperties = TableReader.flatten(v);
                    row.set(idx, null, 0);
                } else {
                    row.set(idx, v.toString(), 0);
                }
            } else {
                row.set(idx, v.asText(), 0);
            }
        }
        return null;
    }

    /** Fills the row from one JSON object; returns a problem (row.columns[0] = its column) or null. */
    private String parseObject(String line, String table, Header header, Row row) {
        try (JsonParser p = json.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                row.columns[0] = 1;
                return "not a JSON object; each line must be one object like {\"customer_id\":\"c1\", …}";
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                int column = (int) p.currentTokenLocation().getColumnNr();
                int idx = header.intern(key);
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    JsonNode node = json.readTree(p);
                    if (key.equals("properties") && table.equals("events") && node.isObject()) {
                        row.jsonProperties = TableReader.flatten(node);
                        row.set(idx, null, column);
                    } else {
                        row.set(idx, node.toString(), column);
                    }
                } else {
                    row.set(idx, p.getText(), column);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                row.columns[0] = 1;
                return "malformed JSON object";
            }
            if (p.nextToken() != null) {
                row.columns[0] = (int) p.currentTokenLocation().getColumnNr();
                return "text after the end of the JSON object; put one object per line";
            }
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            row.columns[0] = at == null ? 0 : Math.max(0, (int) at.getColumnNr());
            return "not valid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            row.columns[0] = 0;
            return "not valid JSON: " + e.getMessage();
        }
    }

    /** Gives validated rows to the sink, directly or through a {@link Pipeline}. */
    private final class Feed {
        private final FactSink sink;
        private final Tally tally;
        private final Pipeline pipeline;
        private final Pipeline.Counts counts = new Pipeline.Counts();

        Feed(FactSink sink, Tally tally) {
            this.tally = tally;
            this.pipeline = pipelined ? new Pipeline(sink, tally.file) : null;
            this.sink = pipeline != null ? pipeline : sink;
        }

        void apply(TableReader reader, Row row) throws IOException {
            boolean applied;
            try {
                applied = reader.read(row, sink);
            } catch (TableReader.Reject r) {
                tally.reject(new RejectedRow(tally.file, row.line, r.column, r.field, r.getMessage()));
                return;
            }
            if (pipeline != null) {
                pipeline.endRow(counts);
            } else if (applied) {
                tally.accepted++;
            } else {
                tally.repeated++;
            }
        }

        void finish() throws IOException {
            if (pipeline != null) {
                pipeline.finish();
                tally.accepted += counts.accepted;
                tally.repeated += counts.repeated;
            }
        }

        void abort() {
            if (pipeline != null) {
                pipeline.abort();
            }
        }
    }

    /** Counts of one file while it is read. */
    private static final class Tally {
        final String file;
        long accepted;
        long rejected;
        long repeated;
        final List<RejectedRow> rows = new ArrayList<>();
        RejectedRow fileError;

        Tally(String file) {
            this.file = file;
        }

        void reject(RejectedRow row) {
            rejected++;
            if (rows.size() < LoadReport.MAX_KEPT_PER_FILE) {
                rows.add(row);
            }
        }

        LoadReport.FileSummary summary() {
            return new LoadReport.FileSummary(file, accepted, rejected, repeated, rows, fileError);
        }
    }
}
