package io.siyu.bench;

import io.siyu.generate.DataGenerator;
import io.siyu.generate.GeneratorSpec;
import io.siyu.generate.IngestTraffic;
import io.siyu.generate.Profile;
import io.siyu.store.FactImport;
import io.siyu.store.Store;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./siyu bench --ingest}: sustained fact ingest over HTTP. Loads N generated fmcg customers
 * into a store, starts the real server process with every example model and playbook, and posts
 * batches of facts (chat messages with scenario phrases, test-drive forms, table scans, orders)
 * from T client threads of this second process on loopback for S seconds. With {@code --ack stored}
 * (the default) a request is answered once its facts are durable and the server applies them right
 * behind: the run ends when every fact sent is applied, facts/s counts applied facts, and the server
 * reports the time from each group's acknowledgement to its tasks being committed
 * ({@code GET /api/ingest}). With {@code --ack applied} every task exists before the answer. A
 * warm-up of the same load (default 60 s: the JIT compiler is busy for about a minute) comes first, uncounted.
 * By default each client sends its next batch as soon as the last is answered (the most the server
 * takes); {@code --rate F} paces all clients together at F facts/s instead, for the latency at a
 * given sustained load. Facts are timed as a live feed's are, up to five seconds before they are
 * sent, on a clock that starts at 10:00 today (so the contact policy's quiet hours never depend on
 * when the benchmark runs); {@code --spread-times} times them at random between 09:00 and 21:00 of today instead, as
 * runs before the ninth session did (outcome keys then land all over their index).
 * Last line: {@code ingest_facts_per_second=X p50_ms=Y p99_ms=Z} (acknowledgement latency) and, with
 * {@code --ack stored}, {@code task_lag_p50_ms=… task_lag_p99_ms=…}.
 */
final class IngestBench {
    private IngestBench() {}

    /** Fact ids are unique per run, so a second run on the same store sends new facts, not repeats. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    /** The last fact id sent, across the warm-up and the measured run (neither repeats the other). */
    private static final AtomicLong ids = new AtomicLong();
    /** {@code --spread-times}: facts at random times of the day instead of just before sending. */
    private static boolean spreadTimes;
    /** The live feed's clock, from 10:00 today at the warm-up's start through the measured run. */
    private static final java.util.function.LongSupplier FEED_CLOCK =
            IngestTraffic.clockFrom(LocalDate.now(ZoneId.of("Asia/Shanghai")).atTime(10, 0), ZoneId.of("Asia/Shanghai"));

    public static void main(String[] args) throws Exception {
        int customers = 100_000;
        int seconds = 30;
        int warmup = 60;
        int threads = 4;
        int batch = 100;
        String ack = "stored";
        boolean keepStore = false;
        boolean generateOnly = false;
        double rate = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--keep-store" -> keepStore = true;
                case "--spread-times" -> spreadTimes = true;
                case "--generate-only" -> generateOnly = true; // the child process below: generate the store, then exit
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--rate" -> {
                    rate = Double.parseDouble(args[++i]);
                    if (!(rate > 0)) {
                        System.err.println("--rate must be a positive number of facts per second (all clients together), not " + args[i]);
                        System.exit(2);
                    }
                }
                case "--ack" -> {
                    ack = args[++i];
                    if (!ack.equals("stored") && !ack.equals("applied")) {
                        System.err.println("--ack must be 'stored' (answered once durable, applied right behind) or 'applied', not '" + ack + "'");
                        System.exit(2);
                    }
                }
                default -> {
                    System.err.println("Unknown option: '" + args[i] + "'. Usage: siyu bench --ingest [--customers N] [--seconds S] [--warmup S] [--threads T] [--batch B] [--rate FACTS_PER_S] [--ack stored|applied] [--keep-store] [--spread-times]");
                    System.exit(2);
                }
            }
        }
        Path home = Path.of(System.getProperty("siyu.home", "."));
        Path db = home.resolve(".siyu/bench/ingest-" + customers);
        long heapToGenerate = Math.max(1L << 30, customers * 6_000L); // ~6 GB at a million customers
        boolean generatedByChild = false;
        if (!generateOnly && !Files.isRegularFile(db.resolve("siyu.db")) && !Files.isRegularFile(db.resolve("generated.db"))
                && Runtime.getRuntime().maxMemory() < heapToGenerate) {
            // the client's own heap is sized for sending; generating the history of N customers needs more
            Path jar = Path.of(IngestBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            log("generating %,d customers in a child process with -Xmx%dm (this JVM has %d MB)", customers, heapToGenerate >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + (heapToGenerate >> 20) + "m", "-XX:+UseParallelGC", "-Dsiyu.home=" + home.toAbsolutePath(),
                    "-cp", jar.toString(), IngestBench.class.getName(), "--generate-only", "--customers", Integer.toString(customers))
                    .inheritIO().start();
            if (child.waitFor() != 0) {
                System.err.println("generating the benchmark store failed (exit " + child.exitValue() + "); delete " + db
                        + " and run again, or generate with more memory: SIYU_BENCH_JAVA_OPTS=-Xmx" + (heapToGenerate >> 30) + "g ./siyu bench --ingest ...");
                System.exit(1);
            }
            generatedByChild = true;
        }
        if (!Files.isRegularFile(db.resolve("siyu.db")) && !Files.isRegularFile(db.resolve("generated.db"))) {
            long t = System.nanoTime();
            try (Store store = Store.open(db.toString()); FactImport in = store.importer()) {
                new DataGenerator().generate(new GeneratorSpec(Profile.FMCG, customers, 1, LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1),
                        ZoneId.of("Asia/Shanghai")), in);
            }
            log("generated and stored %,d fmcg customers with their history in %s (%.1f s)", customers, db, (System.nanoTime() - t) / 1e9);
            Files.copy(db.resolve("siyu.db"), db.resolve("generated.db"));
        } else if (!keepStore && !generatedByChild && Files.isRegularFile(db.resolve("generated.db"))) {
            // every run starts from the store as generated: outcomes and facts of earlier runs would make runs incomparable
            upgrade(db.resolve("generated.db"));
            long t = System.nanoTime();
            Files.deleteIfExists(db.resolve("siyu.db-wal"));
            Files.deleteIfExists(db.resolve("siyu.db-shm"));
            // copied aside and moved in: a run stopped while copying leaves the generated store to reset from, not half a store
            Path copying = db.resolve("siyu.db.copying");
            Files.copy(db.resolve("generated.db"), copying, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(copying, db.resolve("siyu.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log("reset the store to the generated one (%.1f s; --keep-store keeps what earlier runs added)", (System.nanoTime() - t) / 1e9);
        }
        if (generateOnly) {
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("siyu.server.heap", "-Xmx4g")));
        // -Dsiyu.server.jvm="-XX:StartFlightRecording=filename=/tmp/ingest.jfr" to profile the server (options apart by spaces or ;)
        List<String> serverOptions = java.util.Arrays.stream(System.getProperty("siyu.server.jvm", "").split("[\\s;]+"))
                .filter(o -> !o.isBlank()).toList();
        if (serverOptions.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            command.add("-XX:+UseZGC"); // as ./siyu serve runs it (docs/operations.md): no pause grows with the heap
            if (Runtime.version().feature() == 21 || Runtime.version().feature() == 22) {
                command.add("-XX:+ZGenerational"); // as ./siyu serve: generational by default only from JDK 23
            }
        }
        if (Runtime.version().feature() >= 25 && serverOptions.stream().noneMatch(o -> o.contains("CompactObjectHeaders"))) {
            command.add("-XX:+UseCompactObjectHeaders"); // as ./siyu serve on JDK 25+: 8-byte object headers
        }
        if ("root".equals(System.getProperty("user.name"))) {
            // as ./siyu serve runs it as root: the ingest stages ahead of requests, schedules, checkpoints and the JIT
            command.addAll(List.of("-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=4"));
        }
        command.addAll(serverOptions);
        command.addAll(List.of("-jar", home.resolve("siyu-server/target/siyu-server.jar").toString(),
                "--db", db.toString(), "--port", Integer.toString(port), "--token", "bench:operator",
                "--logging.level.siyu.channel=WARN"));
        for (String m : List.of("rfm-8", "rfm-11", "lifecycle", "aipl", "repurchase-reminder", "auto-leads", "beauty-tiers",
                "bakery-values", "hotpot-quadrants")) {
            command.add("--model");
            command.add(home.resolve("examples/" + m + ".yaml").toString());
        }
        try (var files = Files.list(home.resolve("examples/playbooks"))) {
            for (Path p : files.sorted().toList()) {
                command.add("--playbook");
                command.add(p.toString());
            }
        }
        Path log = db.resolveSibling("ingest-server.log");
        long started = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            waitHealthy(http, port, server, log);
            log("server up with 9 models and 5 playbooks over %,d customers in %.1f s", customers, (System.nanoTime() - started) / 1e9);
            if (warmup > 0) {
                // the server's JIT compiler takes a core for its first seconds under load: not what is measured
                run(http, port, customers, warmup, threads, batch, ack, rate, false);
                log("warm-up: %d s of the same load, not counted", warmup);
            }
            run(http, port, customers, seconds, threads, batch, ack, rate, true);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /**
     * One load: each of {@code threads} clients posts {@code batch} facts and waits for the answer;
     * with a {@code rate} (facts/s, all clients together) each client sends on a fixed schedule
     * instead of at once, and a request's latency counts from when it was due, so a server that
     * falls behind is not excused by the client waiting for it (coordinated omission).
     */
    private static void run(HttpClient http, int port, int customers, int seconds, int threads, int batch, String ack, double rate,
                            boolean report) throws Exception {
        URI facts = URI.create("http://localhost:" + port + "/api/facts?ack=" + ack);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        IngestTraffic traffic = spreadTimes ? IngestTraffic.during(RUN, customers, LocalDate.now(zone).toString())
                : IngestTraffic.live(RUN, customers, zone, FEED_CLOCK);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicLong outcomes = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long began = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int seed = t + (report ? threads : 0);
            // clients take turns: client t's k-th request is due at began + (k * threads + t) * interval
            long interval = rate > 0 ? (long) (1e9 * batch / rate) : 0;
            long firstDue = began + t * interval;
            Thread w = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                int n = 0;
                long due = firstDue;
                while (System.nanoTime() < deadline) {
                    String body = traffic.batch(random, ids.getAndAdd(batch) + 1, batch);
                    if (interval > 0) {
                        for (long early; (early = due - System.nanoTime()) > 0; ) {
                            java.util.concurrent.locks.LockSupport.parkNanos(early);
                        }
                    }
                    long s = interval > 0 ? due : System.nanoTime();
                    due += interval * threads;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(facts)
                                .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                        }
                        outcomes.addAndGet(count(r.body(), "\"key\""));
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    if (n < mine.length) {
                        mine[n++] = System.nanoTime() - s;
                    }
                    sent.addAndGet(batch);
                }
                mine[mine.length - 1] = n;
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        double acknowledged = (System.nanoTime() - began) / 1e9;
        // stored facts are applied right behind: the run ends when the last one is
        long pending = waitApplied(http, port);
        double elapsed = (System.nanoTime() - began) / 1e9;
        if (!report) {
            return;
        }
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).sorted().toArray();
        double p50 = all[all.length / 2] / 1e6;
        double p99 = all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
        double perSecond = sent.get() / elapsed;
        if (ack.equals("applied")) {
            log("%,d facts in %,d requests of %d from %d threads in %.1f s; %,d tasks/messages/blocked outcomes",
                    sent.get(), all.length, batch, threads, elapsed, outcomes.get());
            log("acknowledgement latency per request (tasks exist by then): p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50, p99,
                    all[all.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "ingest_facts_per_second=%.0f p50_ms=%.1f p99_ms=%.1f%n", perSecond, p50, p99);
            return;
        }
        String stats = get(http, port, "/api/ingest?seconds=" + (long) Math.ceil(elapsed));
        log("%,d facts in %,d requests of %d from %d threads%s acknowledged in %.1f s, all applied after %.1f s (%,d were waiting at the end of sending)",
                sent.get(), all.length, batch, threads, rate > 0 ? String.format(Locale.ROOT, " paced at %,.0f facts/s", rate) : "",
                acknowledged, elapsed, pending);
        log("acknowledgement latency per request (facts durable): p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50, p99, all[all.length - 1] / 1e6);
        double lag50 = number(stats, "p50_ms");
        double lag99 = number(stats, "p99_ms");
        log("acknowledgement to tasks and messages committed (server, %d groups): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                (long) number(stats, "groups"), lag50, lag99, number(stats, "max_ms"));
        System.out.printf(Locale.ROOT, "ingest_facts_per_second=%.0f p50_ms=%.1f p99_ms=%.1f task_lag_p50_ms=%.1f task_lag_p99_ms=%.1f%n",
                perSecond, p50, p99, lag50, lag99);
    }

    /** Waits until the server has applied every fact it stored; returns how many were waiting at first. */
    private static long waitApplied(HttpClient http, int port) throws Exception {
        long first = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            long pending = (long) number(get(http, port, "/api/ingest"), "pending_facts");
            first = first < 0 ? pending : first;
            if (pending == 0) {
                return first;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the server had not applied every stored fact after 30 minutes");
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer bench").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A number field of a small JSON answer, e.g. {@code "pending_facts":12}. */
    private static double number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*([-0-9.eE]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static long count(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void waitHealthy(HttpClient http, int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the server did not start in 30 minutes (a million customers take about 10 on two slow cores); see " + log);
    }

    /**
     * Brings a store generated by an earlier version to the current schema, once (a migration that
     * rewrites the fact tables also compacts the file: {@code Store.open}): migrated at each run's
     * start instead, it would be timed as start-up every run.
     */
    private static void upgrade(Path generated) {
        long t = System.nanoTime();
        Store.open("jdbc:sqlite:" + generated).close(); // opening migrates
        double seconds = (System.nanoTime() - t) / 1e9;
        if (seconds > 1) {
            log("brought the generated store to the current schema (%.1f s, once)", seconds);
        }
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
