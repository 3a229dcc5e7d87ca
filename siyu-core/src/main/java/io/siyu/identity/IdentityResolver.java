package io.siyu.identity;

import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Identity unification (身份打通) by union-find over identity keys ({@code kind:value}).
 *
 * <p>Every reference seen — a customer row's customer_id, each reference of an identity link, each
 * fact's person — becomes a node ({@link #node}); {@link #link} says several references belong to
 * one person and unions their nodes. {@link #resolve()} then numbers the connected components as
 * customers.
 *
 * <p>The survivor id of a component does not depend on input order: the smallest customer_id
 * (by {@link String#compareTo}) in it; without one, {@code kind:value} of the smallest value of
 * the highest-priority kind present ({@link IdentityKind} declaration order), e.g.
 * {@code unionid:oXyz}. Customers are numbered 0..n-1 in survivor id order.
 *
 * <p>Conflicts: a component holding two or more different UnionIDs is reported
 * ({@link IdentityConflict.Type#SEVERAL_UNIONIDS}). With
 * {@link IdentityOptions#forbidUnionIdMerge()}, a union that would join two components that each
 * hold a different UnionID is refused and reported ({@link IdentityConflict.Type#MERGE_REFUSED});
 * <b>which link is refused then depends on input order</b>: the first links seen are applied and
 * the one that would close the gap between the two UnionIDs is refused. Without the option the
 * outcome is fully order-independent.
 *
 * <p>Parent and rank are primitive arrays with path halving and union by rank, so millions of
 * keys cost a few bytes each beyond their text. Not thread-safe.
 */
public final class IdentityResolver {
    private final IdentityOptions options;
    private final KeyIndex keys = new KeyIndex();
    private int[] parent = new int[1024];
    private byte[] rank = new byte[1024];
    /** For a root with forbidUnionIdMerge: a UnionID node in its component, or -1. */
    private int[] unionOf = new int[1024];
    private final List<Refused> refused = new ArrayList<>();

    private record Refused(int unionA, int unionB, int node, List<PersonRef> link, String source) {}

    public IdentityResolver(IdentityOptions options) {
        this.options = options;
    }

    public IdentityOptions options() {
        return options;
    }

    /** Number of distinct references seen so far. */
    public int nodeCount() {
        return keys.size();
    }

    /** The node of a reference, created when new. */
    public int node(PersonRef ref) {
        return node(ref.kind(), ref.value());
    }

    /** The node of a reference, created when new. */
    public int node(IdentityKind kind, String value) {
        int before = keys.size();
        int n = keys.intern(kind, value);
        if (n == before) {
            if (n == parent.length) {
                int size = parent.length * 2;
                parent = Arrays.copyOf(parent, size);
                rank = Arrays.copyOf(rank, size);
                unionOf = Arrays.copyOf(unionOf, size);
            }
            parent[n] = n;
            unionOf[n] = kind == IdentityKind.UNIONID ? n : -1;
        }
        return n;
    }

    /** The node of a reference, or -1 if it was never seen. */
    public int find(PersonRef ref) {
        return keys.find(ref.kind(), ref.value());
    }

    public PersonRef ref(int node) {
        return new PersonRef(keys.kind(node), keys.value(node));
    }

    /**
     * Records that the references belong to one person (an identity row, or a fact row that gave
     * several references).
     *
     * @param source where the link comes from, for conflict reports (may be null)
     * @return false if some union was refused (only with forbidUnionIdMerge)
     */
    public boolean link(List<PersonRef> refs, String source) {
        if (refs.isEmpty()) {
            return true;
        }
        int first = node(refs.get(0));
        boolean ok = true;
        for (int i = 1; i < refs.size(); i++) {
            ok &= union(first, node(refs.get(i)), refs, source);
        }
        return ok;
    }

    /** Unions two nodes; false when refused because both sides hold different UnionIDs. */
    public boolean union(int a, int b) {
        return union(a, b, List.of(ref(a), ref(b)), null);
    }

    private boolean union(int a, int b, List<PersonRef> link, String source) {
        int ra = root(a);
        int rb = root(b);
        if (ra == rb) {
            return true;
        }
        if (options.forbidUnionIdMerge() && unionOf[ra] >= 0 && unionOf[rb] >= 0) {
            refused.add(new Refused(unionOf[ra], unionOf[rb], a, link, source));
            return false;
        }
        int keepUnion = unionOf[ra] >= 0 ? unionOf[ra] : unionOf[rb];
        if (rank[ra] < rank[rb]) {
            int t = ra;
            ra = rb;
            rb = t;
        } else if (rank[ra] == rank[rb]) {
            rank[ra]++;
        }
        parent[rb] = ra;
        unionOf[ra] = keepUnion;
        return true;
    }

    private int root(int x) {
        int[] p = parent;
        while (p[x] != x) {
            p[x] = p[p[x]];
            x = p[x];
        }
        return x;
    }

    /** Numbers the components as customers; the resolver may keep growing afterwards. */
    public IdentityResolution resolve() {
        int n = keys.size();
        String[] values = new String[n];
        int[] roots = new int[n];
        int[] best = new int[n];
        Arrays.fill(best, -1);
        for (int i = 0; i < n; i++) {
            values[i] = keys.value(i);
            roots[i] = root(i);
        }
        for (int i = 0; i < n; i++) {
            int r = roots[i];
            int b = best[r];
            if (b < 0 || better(i, b, values)) {
                best[r] = i;
            }
        }
        List<Integer> componentRoots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (roots[i] == i) {
                componentRoots.add(i);
            }
        }
        String[] survivorOfRoot = new String[n];
        for (int r : componentRoots) {
            int b = best[r];
            IdentityKind kind = keys.kind(b);
            survivorOfRoot[r] = kind == IdentityKind.CUSTOMER_ID ? values[b] : kind.column() + ":" + values[b];
        }
        Integer[] order = componentRoots.toArray(new Integer[0]);
        Arrays.parallelSort(order, Comparator.comparing((Integer r) -> survivorOfRoot[r]));
        int customers = order.length;
        String[] survivors = new String[customers];
        int[] customerOfRoot = new int[n];
        for (int c = 0; c < customers; c++) {
            survivors[c] = survivorOfRoot[order[c]];
            customerOfRoot[order[c]] = c;
        }
        int[] nodeToCustomer = new int[n];
        int[] counts = new int[customers + 1];
        for (int i = 0; i < n; i++) {
            nodeToCustomer[i] = customerOfRoot[roots[i]];
            counts[nodeToCustomer[i] + 1]++;
        }
        for (int c = 0; c < customers; c++) {
            counts[c + 1] += counts[c];
        }
        int[] fill = Arrays.copyOf(counts, counts.length);
        int[] members = new int[n];
        for (int i = 0; i < n; i++) {
            members[fill[nodeToCustomer[i]]++] = i;
        }
        List<List<PersonRef>> identities = new ArrayList<>(customers);
        List<IdentityConflict> conflicts = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            int from = counts[c];
            int to = counts[c + 1];
            Integer[] group = new Integer[to - from];
            for (int j = from; j < to; j++) {
                group[j - from] = members[j];
            }
            if (group.length > 1) {
                Arrays.sort(group, (x, y) -> better(x, y, values) ? -1 : (x.equals(y) ? 0 : 1));
            }
            List<PersonRef> refs = new ArrayList<>(group.length);
            List<PersonRef> unionIds = new ArrayList<>(1);
            for (int node : group) {
                PersonRef ref = new PersonRef(keys.kind(node), values[node]);
                refs.add(ref);
                if (ref.kind() == IdentityKind.UNIONID) {
                    unionIds.add(ref);
                }
            }
            identities.add(List.copyOf(refs));
            if (unionIds.size() > 1) {
                conflicts.add(new IdentityConflict(IdentityConflict.Type.SEVERAL_UNIONIDS, survivors[c], unionIds, null,
                        "customer " + survivors[c] + " holds " + unionIds.size() + " different UnionIDs ("
                                + join(unionIds) + ") joined through " + join(without(refs, IdentityKind.UNIONID))
                                + "; a UnionID belongs to one WeChat user, so check the identity links"
                                + " (e.g. a phone number shared by two people) or load with forbidUnionIdMerge"));
            }
        }
        for (Refused r : refused) {
            String a = "unionid:" + values[r.unionA()];
            String b = "unionid:" + values[r.unionB()];
            conflicts.add(new IdentityConflict(IdentityConflict.Type.MERGE_REFUSED,
                    survivors[nodeToCustomer[r.node()]],
                    List.of(new PersonRef(IdentityKind.UNIONID, values[r.unionA()]),
                            new PersonRef(IdentityKind.UNIONID, values[r.unionB()])),
                    r.source(),
                    "did not link " + join(r.link()) + (r.source() == null ? "" : " (from " + r.source() + ")")
                            + " because it would merge two different UnionIDs, " + a + " and " + b
                            + ", into one customer; they stay customers " + survivors[nodeToCustomer[r.unionA()]]
                            + " and " + survivors[nodeToCustomer[r.unionB()]]));
        }
        return new IdentityResolution(survivors, nodeToCustomer, identities, conflicts);
    }

    /** Survivor priority: kind order first, then the smaller value. */
    private boolean better(int x, int y, String[] values) {
        int kx = keys.kind(x).ordinal();
        int ky = keys.kind(y).ordinal();
        if (kx != ky) {
            return kx < ky;
        }
        return values[x].compareTo(values[y]) < 0;
    }

    private static List<PersonRef> without(List<PersonRef> refs, IdentityKind kind) {
        List<PersonRef> out = new ArrayList<>();
        for (PersonRef r : refs) {
            if (r.kind() != kind) {
                out.add(r);
            }
        }
        return out;
    }

    private static String join(List<PersonRef> refs) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(refs.size(), 6);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(refs.get(i));
        }
        if (refs.size() > shown) {
            sb.append(" and ").append(refs.size() - shown).append(" more");
        }
        return sb.length() == 0 ? "nothing else" : sb.toString();
    }
}
