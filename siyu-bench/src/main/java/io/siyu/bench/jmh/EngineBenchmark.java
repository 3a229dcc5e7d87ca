package io.siyu.bench.jmh;

import io.siyu.engine.BatchEngine;
import io.siyu.engine.CompiledModel;
import io.siyu.engine.ModelCompiler;
import io.siyu.engine.Profiles;
import io.siyu.facts.Dataset;
import io.siyu.facts.DatasetBuilder;
import io.siyu.facts.Facts;
import io.siyu.facts.PersonRef;
import io.siyu.model.ModelParser;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Micro-benchmarks of the two hot paths: a full rfm-11 evaluation (fact scan, n-tiles, tier) and
 * a three-condition audience count on membership bitmaps. Run with
 * {@code java -cp siyu-bench/target/siyu-bench.jar org.openjdk.jmh.Main EngineBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {
    @Param({"100000"})
    public int customers;

    @Param({"10"})
    public int ordersPerCustomer;

    private CompiledModel model;
    private Dataset data;
    private Instant asOf;
    private RoaringBitmap recent;
    private RoaringBitmap frequent;
    private RoaringBitmap big;

    @Setup(Level.Trial)
    public void setUp() {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        model = ModelCompiler.compile(ModelParser.parse(Path.of(System.getProperty("siyu.home", ".")).resolve("examples/rfm-11.yaml")));
        asOf = Instant.parse("2026-06-30T15:59:59Z");
        DatasetBuilder builder = new DatasetBuilder(zone);
        SplittableRandom random = new SplittableRandom(1);
        long start = asOf.getEpochSecond() - 730L * 86_400;
        for (int c = 0; c < customers; c++) {
            builder.customer(new Facts.Customer(String.format("c%07d", c), Map.of()));
        }
        long orders = (long) customers * ordersPerCustomer;
        for (long o = 0; o < orders; o++) {
            int c = (int) (customers * Math.pow(random.nextDouble(), 1.8));
            builder.order(new Facts.Order(Long.toString(o), PersonRef.customer(String.format("c%07d", c)),
                    start + random.nextLong(730L * 86_400), Math.round(Math.exp(4 + random.nextGaussian())),
                    random.nextInt(100) < 3 ? "refunded" : "paid", null, null, null));
        }
        data = builder.build();
        Profiles p = new BatchEngine().evaluate(model, data, asOf);
        recent = p.flags("recent_buyer").members();
        frequent = p.flags("frequent_buyer").members();
        big = p.flags("big_spender").members();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Profiles rfm11Evaluation() {
        return new BatchEngine().evaluate(model, data, asOf);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int threeConditionAudienceCount() {
        return FastAggregation.and(recent, frequent, big).getCardinality();
    }
}
