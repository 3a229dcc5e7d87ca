package io.siyu.web;

import io.siyu.engine.LayerChange;
import io.siyu.engine.Profiles;
import io.siyu.model.Definition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Every customer's value in every layer (tier, stage, tag, segment) of one model at one moment,
 * kept compact — per layer a small dictionary and one code per customer — because a server with a
 * million customers and thirty layers holds two of these at once and stores one at every build.
 * Comparing the snapshot before a build with the one after it gives the moves time alone caused.
 */
final class LayerSnapshot {
    /** One layer: its values, each one's index (found per move, not searched), and each customer's value as an index. */
    private record Layer(List<String> dictionary, Map<String, Integer> codeOf, int[] codes) {
        Layer(List<String> dictionary, int[] codes) {
            this(dictionary, new HashMap<>(), codes);
            for (int k = 0; k < dictionary.size(); k++) {
                codeOf.putIfAbsent(dictionary.get(k), k);
            }
        }

        int code(String value) {
            return codeOf.computeIfAbsent(value, v -> {
                dictionary.add(v);
                return dictionary.size() - 1;
            });
        }
    }

    private final String[] customers;
    private final Map<String, Layer> layers;
    /** Customers who arrived after the snapshot was taken: customer → layer → value. */
    private final Map<String, Map<String, String>> arrived = new HashMap<>();
    /** customer id → index: the loaded customers' own index, or a map built when first needed. */
    private java.util.function.ToIntFunction<String> indexOf;

    private LayerSnapshot(String[] customers, Map<String, Layer> layers, java.util.function.ToIntFunction<String> indexOf) {
        this.customers = customers;
        this.layers = layers;
        this.indexOf = indexOf;
    }

    private int indexOf(String customerId) {
        if (indexOf == null) {
            Map<String, Integer> map = new HashMap<>(customers.length * 2);
            for (int c = 0; c < customers.length; c++) {
                map.put(customers[c], c);
            }
            indexOf = id -> map.getOrDefault(id, -1);
        }
        int c = indexOf.applyAsInt(customerId);
        // the loaded customers grow as new ones arrive; the snapshot knows only those it was taken of
        return c >= 0 && c < customers.length ? c : -1;
    }

    /** The layers of a model's current profiles. */
    static LayerSnapshot of(Profiles p) {
        String[] customers = new String[p.size()];
        for (int c = 0; c < customers.length; c++) {
            customers[c] = p.customers().id(c);
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Definition d : p.model().model().definitions()) {
            if (Definition.isLayer(d)) {
                Layer layer = new Layer(new ArrayList<>(), new int[customers.length]);
                for (int c = 0; c < customers.length; c++) {
                    layer.codes()[c] = layer.code(p.format(d.name(), c));
                }
                layers.put(d.name(), layer);
            }
        }
        return new LayerSnapshot(customers, layers, p.customers()::indexOf);
    }

    /** A customer's value in a layer, or null when the snapshot does not have them. */
    String value(String layer, String customerId) {
        Layer l = layers.get(layer);
        int c = indexOf(customerId);
        if (c < 0) {
            return arrived.getOrDefault(customerId, Map.of()).get(layer);
        }
        return l == null ? null : l.dictionary().get(l.codes()[c]);
    }

    /** Applies moves (fact-caused, recorded since the snapshot was stored) so the snapshot is current. */
    void apply(String customerId, String layer, String value) {
        Layer l = layers.get(layer);
        int c = indexOf(customerId);
        if (c < 0) {
            arrived.computeIfAbsent(customerId, k -> new HashMap<>()).put(layer, value); // a customer who joined live
            return;
        }
        if (l == null) {
            return;
        }
        l.codes()[c] = l.code(value);
    }

    /** Every layer a customer of {@code now} is in with a different value than in this (earlier) snapshot. */
    List<LayerChange> movesTo(LayerSnapshot now, Instant at, String cause) {
        List<LayerChange> out = new ArrayList<>();
        boolean sameCustomers = java.util.Arrays.equals(customers, now.customers);
        for (var e : now.layers.entrySet()) {
            Layer before = layers.get(e.getKey());
            if (before == null) {
                continue;
            }
            Layer after = e.getValue();
            for (int c = 0; c < now.customers.length; c++) {
                int old = sameCustomers ? c : indexOf(now.customers[c]);
                String was = old >= 0 ? before.dictionary().get(before.codes()[old])
                        : arrived.getOrDefault(now.customers[c], Map.of()).get(e.getKey());
                if (was == null) {
                    continue; // new since, and not seen join: nothing to move from
                }
                String is = after.dictionary().get(after.codes()[c]);
                if (!was.equals(is)) {
                    out.add(new LayerChange(now.customers[c], e.getKey(), was, is, at, cause));
                }
            }
        }
        return out;
    }

    /** The stored form: gzip of the customer ids, then per layer its dictionary and codes. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
            out.writeInt(customers.length);
            for (String id : customers) {
                out.writeUTF(id);
            }
            out.writeInt(layers.size());
            for (var e : layers.entrySet()) {
                out.writeUTF(e.getKey());
                List<String> dictionary = e.getValue().dictionary();
                out.writeInt(dictionary.size());
                for (String v : dictionary) {
                    out.writeUTF(v);
                }
                for (int code : e.getValue().codes()) {
                    if (dictionary.size() <= 255) {
                        out.writeByte(code);
                    } else {
                        out.writeInt(code);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LayerSnapshot decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(stored), 1 << 16))) {
            String[] customers = new String[in.readInt()];
            for (int c = 0; c < customers.length; c++) {
                customers[c] = in.readUTF();
            }
            int count = in.readInt();
            Map<String, Layer> layers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                List<String> dictionary = new ArrayList<>();
                int size = in.readInt();
                for (int k = 0; k < size; k++) {
                    dictionary.add(in.readUTF());
                }
                int[] codes = new int[customers.length];
                for (int c = 0; c < codes.length; c++) {
                    codes[c] = size <= 255 ? in.readUnsignedByte() : in.readInt();
                }
                layers.put(name, new Layer(dictionary, codes));
            }
            return new LayerSnapshot(customers, layers, null);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored layer snapshot is unreadable: " + e.getMessage(), e);
        }
    }
}
