package io.siyu.engine;

import io.siyu.model.Definition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a live engine's per-customer steps (derived values, tiers, tags and segments, in
 * evaluation order) read — directly or through other derived values — each value a fact can
 * move: a trait group, a points plan, a stage. After a fact only those steps run again: at a
 * million customers every value read is a cache miss, and most facts move one or two traits that
 * a handful of definitions read.
 */
final class PlanSteps {
    private static final int[] NONE = {};

    private final int[] all;
    private final int[] layerOfStep;
    private final int[][] afterGroup;
    private final int[][] afterPoints;
    private final int[][] afterStage;
    private final int[] stageLayer;

    /**
     * @param layerNames  the model's layers in the engine's order
     * @param traitGroups trait groups as the engine numbers them
     */
    PlanSteps(CompiledModel compiled, List<String> layerNames, List<List<Definition.Trait>> traitGroups,
              List<Definition.Points> points, List<Definition.Stage> stages) {
        // each step's sources: the per-fact values it reads, through the derived values it reads
        Map<String, Set<String>> sourcesOf = new HashMap<>();
        List<Set<String>> stepSources = new ArrayList<>();
        List<Integer> layers = new ArrayList<>();
        for (Definition d : compiled.order()) {
            List<String> parts = null;
            if (d instanceof Definition.Derived) {
                parts = List.of("expr");
            } else if (d instanceof Definition.Tier t) {
                parts = java.util.stream.IntStream.range(0, t.rules().size()).mapToObj(i -> "rules[" + i + "]").toList();
            } else if (d instanceof Definition.Audience) {
                parts = List.of("when");
            }
            if (parts == null) {
                continue;
            }
            Set<String> sources = new HashSet<>();
            for (String part : parts) {
                CheckedExpression e = compiled.expression(d.name(), part);
                if (e == null) {
                    continue;
                }
                for (String ref : e.references()) {
                    sources.add(ref);
                    sources.addAll(sourcesOf.getOrDefault(ref, Set.of()));
                }
            }
            sourcesOf.put(d.name(), sources);
            stepSources.add(sources);
            layers.add(layerNames.indexOf(d.name()));
        }
        int steps = stepSources.size();
        this.all = java.util.stream.IntStream.range(0, steps).toArray();
        this.layerOfStep = layers.stream().mapToInt(Integer::intValue).toArray();
        this.afterGroup = traitGroups.stream()
                .map(g -> readers(stepSources, g.stream().map(Definition.Trait::name).toList())).toArray(int[][]::new);
        this.afterPoints = points.stream().map(p -> readers(stepSources, List.of(p.name()))).toArray(int[][]::new);
        this.afterStage = stages.stream().map(st -> readers(stepSources, List.of(st.name(), st.sinceName()))).toArray(int[][]::new);
        this.stageLayer = stages.stream().mapToInt(st -> layerNames.indexOf(st.name())).toArray();
    }

    private static int[] readers(List<Set<String>> stepSources, List<String> names) {
        int[] out = new int[stepSources.size()];
        int n = 0;
        for (int s = 0; s < out.length; s++) {
            for (String name : names) {
                if (stepSources.get(s).contains(name)) {
                    out[n++] = s;
                    break;
                }
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    /** How many steps there are. */
    int size() {
        return all.length;
    }

    /** Every step. */
    int[] all() {
        return all;
    }

    /** The layer (index into the engine's layer names) a step writes, or -1 for a derived value. */
    int layerOf(int step) {
        return layerOfStep[step];
    }

    /** The steps that read a trait of group {@code g}. */
    int[] afterGroup(int g) {
        return afterGroup[g];
    }

    /** The steps that read points plan {@code i}. */
    int[] afterPoints(int i) {
        return afterPoints[i];
    }

    /** The steps that read stage {@code i} or the time it was entered. */
    int[] afterStage(int i) {
        return afterStage[i];
    }

    /** The layer stage {@code i} is. */
    int stageLayer(int i) {
        return stageLayer[i];
    }
}
