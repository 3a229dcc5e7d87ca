package io.siyu.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming RFC 4180 reader over UTF-8 bytes: comma separated, fields optionally quoted with
 * {@code "}, a doubled quote inside a quoted field is one quote, quoted fields may hold commas and
 * line breaks. Records end at {@code \n}, {@code \r\n} or a lone {@code \r}. A leading byte order
 * mark is skipped and completely blank lines are skipped.
 *
 * <p>It works on bytes (the separators are ASCII and never occur inside a multi-byte UTF-8
 * sequence), reuses its buffers, and creates one {@code String} per field, so it reads hundreds of
 * megabytes per second. {@link #line()} is the physical line (1-based) where the current record
 * starts; field {@code i} is column {@code i + 1} of that record.
 *
 * <p>Lenient where a strict parser would lose the row: a quote inside an unquoted field and text
 * after a closing quote are kept literally. A quoted field still open at end of input is returned
 * with what was read and {@link #problem()} says so.
 */
public final class CsvReader implements Closeable {
    private static final int EOF = -1;
    private static final int END_OF_RECORD = -2;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;

    private byte[] scratch = new byte[256];
    private int scratchLen;

    private String[] fields = new String[16];
    private int count;
    private long line = 1;
    private long recordLine;
    private String problem;
    private boolean started;

    public CsvReader(InputStream in) {
        this(in, 1 << 20);
    }

    public CsvReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(64, bufferSize)];
    }

    /** Reads the next non-blank record; false at end of input. */
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            skipBom();
        }
        while (true) {
            if (pos >= limit && !fill()) {
                return false;
            }
            recordLine = line;
            count = 0;
            problem = null;
            int terminator;
            do {
                terminator = readField();
            } while (terminator == ',');
            if (count == 1 && fields[0].isEmpty() && problem == null && !lastFieldQuoted) {
                continue; // blank line
            }
            return true;
        }
    }

    /** Number of fields in the current record. */
    public int size() {
        return count;
    }

    /** Field {@code i} of the current record (never null; empty for an empty field). */
    public String get(int i) {
        return fields[i];
    }

    /** A copy of the current record's fields. */
    public String[] fields() {
        return Arrays.copyOf(fields, count);
    }

    /** Physical line (1-based) where the current record starts. */
    public long line() {
        return recordLine;
    }

    /** A parse problem of the current record (an unterminated quote), or null. */
    public String problem() {
        return problem;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean lastFieldQuoted;

    private void skipBom() throws IOException {
        while (limit - pos < 3 && !eof) {
            if (!fillKeep()) {
                break;
            }
        }
        if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB
                && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
        }
    }

    /** Refills an exhausted buffer; false at end of input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        pos = 0;
        limit = 0;
        while (limit == 0) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit = n;
        }
        return true;
    }

    /** Reads more bytes after the unread ones (only used at the start for the BOM check). */
    private boolean fillKeep() throws IOException {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private void addField(String value) {
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, count * 2);
        }
        fields[count++] = value;
    }

    private void appendScratch(byte[] src, int from, int len) {
        if (scratchLen + len > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLen + len));
        }
        System.arraycopy(src, from, scratch, scratchLen, len);
        scratchLen += len;
    }

    private void appendScratch(byte b) {
        if (scratchLen == scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[scratchLen++] = b;
    }

    private String scratchString() {
        return scratchLen == 0 ? "" : new String(scratch, 0, scratchLen, StandardCharsets.UTF_8);
    }

    /** Reads one field, adds it, and returns ',' or END_OF_RECORD (also at end of input). */
    private int readField() throws IOException {
        if (pos >= limit && !fill()) {
            addField("");
            lastFieldQuoted = false;
            return END_OF_RECORD;
        }
        if (buf[pos] == '"') {
            pos++;
            lastFieldQuoted = true;
            return readQuoted();
        }
        lastFieldQuoted = false;
        // fast path: the whole field lies inside the buffer
        int start = pos;
        int i = pos;
        byte[] b = buf;
        int lim = limit;
        while (i < lim) {
            byte c = b[i];
            if (c == ',' || c == '\n' || c == '\r') {
                addField(i == start ? "" : new String(b, start, i - start, StandardCharsets.UTF_8));
                pos = i + 1;
                return c == ',' ? ',' : endOfLine(c);
            }
            i++;
        }
        // slow path: the field crosses a buffer boundary
        scratchLen = 0;
        appendScratch(b, start, lim - start);
        pos = lim;
        return continueUnquoted();
    }

    private int continueUnquoted() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                addField(scratchString());
                return END_OF_RECORD;
            }
            byte c = buf[pos++];
            if (c == ',') {
                addField(scratchString());
                return ',';
            }
            if (c == '\n' || c == '\r') {
                addField(scratchString());
                return endOfLine(c);
            }
            appendScratch(c);
        }
    }

    /** Consumes the rest of a line break whose first byte was already read. */
    private int endOfLine(byte c) throws IOException {
        line++;
        if (c == '\r') {
            if (pos >= limit && !fill()) {
                return END_OF_RECORD;
            }
            if (buf[pos] == '\n') {
                pos++;
            }
        }
        return END_OF_RECORD;
    }

    private int readQuoted() throws IOException {
        scratchLen = 0;
        while (true) {
            if (pos >= limit && !fill()) {
                problem = "a quoted field that starts on line " + recordLine
                        + " is never closed; end the field with \" and write a quote inside a quoted field as \"\"";
                addField(scratchString());
                return END_OF_RECORD;
            }
            // copy a run of ordinary bytes at once
            int start = pos;
            int i = pos;
            while (i < limit && buf[i] != '"' && buf[i] != '\n') {
                i++;
            }
            if (i > start) {
                appendScratch(buf, start, i - start);
                pos = i;
                continue;
            }
            byte c = buf[pos++];
            if (c == '\n') {
                line++;
                appendScratch(c);
                continue;
            }
            // a quote: doubled means a literal quote, otherwise the field is closed
            if (pos >= limit && !fill()) {
                addField(scratchString());
                return END_OF_RECORD;
            }
            if (buf[pos] == '"') {
                pos++;
                appendScratch((byte) '"');
                continue;
            }
            return afterClosingQuote();
        }
    }

    private int afterClosingQuote() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                addField(scratchString());
                return END_OF_RECORD;
            }
            byte c = buf[pos++];
            if (c == ',') {
                addField(scratchString());
                return ',';
            }
            if (c == '\n' || c == '\r') {
                addField(scratchString());
                return endOfLine(c);
            }
            appendScratch(c);
        }
    }
}
