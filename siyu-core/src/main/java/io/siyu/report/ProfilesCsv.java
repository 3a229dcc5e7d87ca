package io.siyu.report;

import io.siyu.engine.Profiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes profiles.csv: {@code customer_id}, then one column per definition, named as in the model. */
public final class ProfilesCsv {
    private ProfilesCsv() {}

    public static void write(Profiles profiles, Writer target) throws IOException {
        BufferedWriter out = target instanceof BufferedWriter b ? b : new BufferedWriter(target, 1 << 16);
        List<String> columns = profiles.outputColumns();
        out.write("customer_id");
        for (String c : columns) {
            out.write(',');
            out.write(quote(c));
        }
        out.write('\n');
        for (int i = 0; i < profiles.size(); i++) {
            out.write(quote(profiles.customers().id(i)));
            for (String c : columns) {
                out.write(',');
                out.write(quote(profiles.formatOutput(c, i)));
            }
            out.write('\n');
        }
        out.flush();
    }

    /** RFC 4180 quoting (see {@link io.siyu.facts.CsvText}). */
    public static String quote(String s) {
        return io.siyu.facts.CsvText.quote(s);
    }
}
