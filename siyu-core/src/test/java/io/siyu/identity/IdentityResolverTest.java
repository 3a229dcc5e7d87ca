package io.siyu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityResolverTest {
    static PersonRef ref(IdentityKind kind, String value) {
        return new PersonRef(kind, value);
    }

    static final PersonRef U1 = ref(IdentityKind.UNIONID, "oU1");
    static final PersonRef U2 = ref(IdentityKind.UNIONID, "oU2");
    static final PersonRef PHONE = ref(IdentityKind.PHONE, "13800000000");

    @Test
    void survivorIsSmallestCustomerIdElseHighestPriorityKind() {
        IdentityResolver r = new IdentityResolver(IdentityOptions.DEFAULT);
        r.link(List.of(PersonRef.customer("c2"), ref(IdentityKind.OPENID, "op1")), "t");
        r.link(List.of(ref(IdentityKind.OPENID, "op1"), PersonRef.customer("c10")), "t");
        r.link(List.of(ref(IdentityKind.EXTERNAL_USERID, "wx9"), ref(IdentityKind.MEMBER_ID, "m7"),
                ref(IdentityKind.MEMBER_ID, "m3")), "t");
        r.node(ref(IdentityKind.OPENID, "lonely"));
        IdentityResolution res = r.resolve();
        // sorted by survivor id: "c10" < "member_id:m3" < "openid:lonely"
        assertThat(res.survivorIds()).containsExactly("c10", "member_id:m3", "openid:lonely");
        assertThat(res.identities(0)).containsExactly(PersonRef.customer("c10"), PersonRef.customer("c2"),
                ref(IdentityKind.OPENID, "op1"));
        assertThat(res.identities(1)).containsExactly(ref(IdentityKind.MEMBER_ID, "m3"),
                ref(IdentityKind.MEMBER_ID, "m7"), ref(IdentityKind.EXTERNAL_USERID, "wx9"));
        assertThat(res.customerOf(r.find(ref(IdentityKind.EXTERNAL_USERID, "wx9")))).isEqualTo(1);
        assertThat(res.conflicts()).isEmpty();
    }

    @Test
    void phoneClaimedByTwoUnionIdsIsReported() {
        IdentityResolver r = new IdentityResolver(IdentityOptions.DEFAULT);
        r.link(List.of(U1, PHONE), "identities.csv");
        r.link(List.of(U2, PHONE), "identities.csv");
        IdentityResolution res = r.resolve();
        assertThat(res.customerCount()).isEqualTo(1);
        assertThat(res.survivorId(0)).isEqualTo("unionid:oU1");
        assertThat(res.conflicts()).hasSize(1);
        IdentityConflict c = res.conflicts().get(0);
        assertThat(c.type()).isEqualTo(IdentityConflict.Type.SEVERAL_UNIONIDS);
        assertThat(c.refs()).containsExactly(U1, U2);
        assertThat(c.message()).isEqualTo("customer unionid:oU1 holds 2 different UnionIDs (unionid:oU1, unionid:oU2)"
                + " joined through phone:13800000000; a UnionID belongs to one WeChat user, so check the identity"
                + " links (e.g. a phone number shared by two people) or load with forbidUnionIdMerge");
    }

    @Test
    void forbidUnionIdMergeRefusesTheClosingLink() {
        IdentityResolver r = new IdentityResolver(new IdentityOptions(true));
        assertThat(r.link(List.of(U1, PHONE), "identities.csv")).isTrue();
        assertThat(r.link(List.of(U2, PHONE), "orders.csv")).isFalse();
        r.link(List.of(U2, ref(IdentityKind.OPENID, "op2")), "x");
        IdentityResolution res = r.resolve();
        assertThat(res.survivorIds()).containsExactly("unionid:oU1", "unionid:oU2");
        assertThat(res.identities(0)).containsExactly(U1, PHONE);
        assertThat(res.identities(1)).containsExactly(U2, ref(IdentityKind.OPENID, "op2"));
        assertThat(res.conflicts()).hasSize(1);
        IdentityConflict c = res.conflicts().get(0);
        assertThat(c.type()).isEqualTo(IdentityConflict.Type.MERGE_REFUSED);
        assertThat(c.source()).isEqualTo("orders.csv");
        assertThat(c.message()).isEqualTo("did not link unionid:oU2, phone:13800000000 (from orders.csv) because it"
                + " would merge two different UnionIDs, unionid:oU2 and unionid:oU1, into one customer; they stay"
                + " customers unionid:oU2 and unionid:oU1");
    }

    @Test
    void sameUnionIdTwiceIsNoConflictAndAComponentWithoutUnionIdCanJoin() {
        IdentityResolver r = new IdentityResolver(new IdentityOptions(true));
        r.link(List.of(U1, PHONE), "a");
        r.link(List.of(ref(IdentityKind.MEMBER_ID, "m1"), ref(IdentityKind.OPENID, "op")), "b");
        r.link(List.of(PHONE, ref(IdentityKind.MEMBER_ID, "m1")), "c");
        r.link(List.of(ref(IdentityKind.OPENID, "op"), U1), "d");
        IdentityResolution res = r.resolve();
        assertThat(res.customerCount()).isEqualTo(1);
        assertThat(res.conflicts()).isEmpty();
    }

    @Test
    void longChainsStayShallow() {
        IdentityResolver r = new IdentityResolver(IdentityOptions.DEFAULT);
        int n = 300_000;
        for (int i = 1; i < n; i++) {
            r.link(List.of(ref(IdentityKind.PHONE, "p" + (i - 1)), ref(IdentityKind.PHONE, "p" + i)), null);
        }
        IdentityResolution res = r.resolve();
        assertThat(res.customerCount()).isEqualTo(1);
        assertThat(res.survivorId(0)).isEqualTo("phone:p0");
        assertThat(res.identities(0)).hasSize(n);
    }
}
