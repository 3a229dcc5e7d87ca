package io.siyu.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a load did: per file the rows accepted, rejected and repeated (same id as a row already
 * applied, so applied once), the rejected rows themselves (at most {@link #MAX_KEPT_PER_FILE} per
 * file are kept, all are counted) and the files in the directory that were not data files.
 */
public final class LoadReport {
    /** How many rejected rows per file are kept in memory; the rest are only counted. */
    public static final int MAX_KEPT_PER_FILE = 1000;

    /**
     * One file's outcome.
     *
     * @param fileError set when the whole file was rejected (e.g. a required column is missing);
     *                  then no row of it was read
     */
    public record FileSummary(String file, long accepted, long rejected, long repeated,
                              List<RejectedRow> rejectedRows, RejectedRow fileError) {
        public FileSummary {
            rejectedRows = List.copyOf(rejectedRows);
        }

        /** Rows counted as rejected but not kept in {@link #rejectedRows()}. */
        public long rejectedNotKept() {
            return rejected - rejectedRows.size();
        }
    }

    private final List<FileSummary> files;
    private final List<String> skipped;
    private final long millis;

    public LoadReport(List<FileSummary> files, List<String> skipped, long millis) {
        this.files = List.copyOf(files);
        this.skipped = List.copyOf(skipped);
        this.millis = millis;
    }

    public List<FileSummary> files() {
        return files;
    }

    /** The summary of one file by name (e.g. {@code orders.csv}), or null if it was not read. */
    public FileSummary file(String name) {
        for (FileSummary f : files) {
            if (f.file().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Files in the directory that are not one of the known data files, ignored. */
    public List<String> skipped() {
        return skipped;
    }

    public long millis() {
        return millis;
    }

    public long accepted() {
        return files.stream().mapToLong(FileSummary::accepted).sum();
    }

    public long rejected() {
        return files.stream().mapToLong(FileSummary::rejected).sum();
    }

    public long repeated() {
        return files.stream().mapToLong(FileSummary::repeated).sum();
    }

    /** True when some row or file was rejected. */
    public boolean hasRejections() {
        return files.stream().anyMatch(f -> f.rejected() > 0 || f.fileError() != null);
    }

    /** Every kept rejection, whole-file errors first within each file. */
    public List<RejectedRow> rejectedRows() {
        List<RejectedRow> all = new ArrayList<>();
        for (FileSummary f : files) {
            if (f.fileError() != null) {
                all.add(f.fileError());
            }
            all.addAll(f.rejectedRows());
        }
        return all;
    }

    /**
     * A human summary: one line per file with its counts, a total, the skipped files, then each
     * kept rejection as {@code file:line:column: reason} (at most {@code maxRows}).
     */
    public String render(int maxRows) {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(4, files.stream().mapToInt(f -> f.file().length()).max().orElse(4));
        String row = "%-" + width + "s  %12s  %10s  %10s%n";
        sb.append(String.format(Locale.ROOT, row, "file", "accepted", "rejected", "repeated"));
        for (FileSummary f : files) {
            String rejected = f.fileError() != null ? "whole file" : Long.toString(f.rejected());
            sb.append(String.format(Locale.ROOT, row, f.file(), f.accepted(), rejected, f.repeated()));
        }
        sb.append(String.format(Locale.ROOT, row, "total", accepted(), rejected(), repeated()));
        if (!skipped.isEmpty()) {
            sb.append("skipped (not a data file): ").append(String.join(", ", skipped)).append('\n');
        }
        List<RejectedRow> rows = rejectedRows();
        int shown = Math.min(maxRows, rows.size());
        for (int i = 0; i < shown; i++) {
            sb.append(rows.get(i)).append('\n');
        }
        long more = rejected() + files.stream().filter(f -> f.fileError() != null).count() - shown;
        if (more > 0) {
            sb.append("… and ").append(more).append(" more rejected rows\n");
        }
        return sb.toString();
    }

    /** {@link #render(int)} showing up to 20 rejected rows. */
    public String render() {
        return render(20);
    }

    @Override
    public String toString() {
        return render();
    }
}
