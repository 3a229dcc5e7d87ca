package io.siyu.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.generate.IngestTraffic;
import io.siyu.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The ingest path without HTTP (a {@code main}, not a test): the store {@code ./siyu bench --ingest}
 * generated, every example model and playbook, and {@link Workspace#ingest} fed from one thread
 * with the same traffic — so what the engines, playbooks and store cost per fact is measured apart
 * from Tomcat, JSON and the client. Arguments: customers (a generated store must exist), seconds, batch.
 */
public final class WorkspaceIngestBenchmark {
    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path home = Path.of(System.getProperty("siyu.home", "."));
        Path db = home.resolve(".siyu/bench/ingest-" + customers);
        if (!Files.isRegularFile(db.resolve("siyu.db"))) {
            throw new IllegalArgumentException("no generated store at " + db + ": run ./siyu bench --ingest --customers " + customers + " once");
        }
        List<Path> models = Stream.of("rfm-8", "rfm-11", "lifecycle", "aipl", "repurchase-reminder", "auto-leads", "beauty-tiers",
                "bakery-values", "hotpot-quadrants").map(m -> home.resolve("examples/" + m + ".yaml")).toList();
        List<Path> playbooks;
        try (Stream<Path> files = Files.list(home.resolve("examples/playbooks"))) {
            playbooks = files.sorted().toList();
        }
        long t0 = System.nanoTime();
        // time moves by hand at the end (the day change); what time moved is acted on at once, as after 09:00
        MovableClock clock = new MovableClock(Clock.systemUTC());
        try (Workspace workspace = new Workspace(Store.open(db.toString()), models, playbooks, clock, java.time.LocalTime.MIDNIGHT)) {
            System.out.printf(Locale.ROOT, "workspace up over %,d customers in %.1f s%n", customers, (System.nanoTime() - t0) / 1e9);
            ZoneId zone = ZoneId.of("Asia/Shanghai");
            IngestTraffic traffic = IngestTraffic.live(Long.toString(System.currentTimeMillis(), 36), customers, zone,
                    IngestTraffic.clockFrom(java.time.LocalDate.now(zone).atTime(10, 0), zone));
            ObjectMapper json = new ObjectMapper();
            SplittableRandom random = new SplittableRandom(1);
            long parse = 0;
            long ingest = 0;
            long facts = 0;
            long outcomes = 0;
            long id = 0;
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long ingestCpu = 0;
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                String body = traffic.batch(random, id, batch);
                id += batch;
                long a = System.nanoTime();
                List<Object> good = new ArrayList<>();
                for (FactRequests.Item item : FactRequests.parse(json.readTree(body), zone)) {
                    good.addAll(item.links());
                    good.add(item.fact());
                    good.addAll(item.items());
                }
                long b = System.nanoTime();
                long cpuBefore = cpu.getCurrentThreadCpuTime();
                for (Workspace.Effect e : workspace.ingest(good)) {
                    outcomes += e.outcomes().size();
                }
                ingestCpu += cpu.getCurrentThreadCpuTime() - cpuBefore;
                long c = System.nanoTime();
                parse += b - a;
                ingest += c - b;
                facts += batch;
            }
            System.out.printf(Locale.ROOT, "%,d facts, %,d outcomes: parse %.1f µs/fact, ingest %.1f µs/fact (%.1f µs of CPU) -> %.0f facts/s on one thread%n",
                    facts, outcomes, parse / 1e3 / facts, ingest / 1e3 / facts, ingestCpu / 1e3 / facts, facts / ((parse + ingest) / 1e9));

            // the midnight day change in place, then (for comparison) the full reload it replaced
            clock.advance(java.time.Duration.ofDays(1));
            long d0 = System.nanoTime();
            workspace.advanceIfDayChanged();
            long d1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "day change: every model moved in place in %.1f s%n", (d1 - d0) / 1e9);
            workspace.rebuild();
            System.out.printf(Locale.ROOT, "a full reload instead: %.1f s%n", (System.nanoTime() - d1) / 1e9);
        }
    }
}
