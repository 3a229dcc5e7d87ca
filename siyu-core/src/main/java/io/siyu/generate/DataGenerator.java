package io.siyu.generate;

import io.siyu.facts.FactSink;
import io.siyu.facts.Facts;
import io.siyu.facts.IdentityKind;
import io.siyu.facts.PersonRef;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic private-domain data with the shapes real brands see: a long tail of spend (log-normal
 * order amounts, many one-off buyers and a few very frequent ones), repeat purchases around a
 * personal consumption cycle, churn, a 3% refund rate, behaviour events, chat messages with
 * scenario phrases, and identities split across customer_id, member_id, WeCom external_userid,
 * UnionID and phone that must be unified. Customers are generated one at a time and streamed to a
 * {@link FactSink}, so a million customers need no more memory than one. Same spec, same facts.
 */
public final class DataGenerator {
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
            "秀英", "晓燕", "子涵", "梓轩", "雨桐"};
    private static final String[] REGIONS = {"上海", "北京", "广州", "深圳", "成都", "杭州", "武汉", "南京", "重庆", "西安", "苏州", "长沙"};
    private static final String[] CHANNELS = {"wecom", "mini_program", "store", "douyin", "xiaohongshu"};
    private static final String[] CARS = {"Model A", "SUV-X", "EV-1"};

    public void generate(GeneratorSpec spec, FactSink sink) {
        new Run(spec, sink).all();
    }

    /** One generation: the spec, the sink, the random stream and running id counters. */
    private static final class Run {
        private final GeneratorSpec spec;
        private final Profile profile;
        private final FactSink sink;
        private final SplittableRandom random;
        private final LocalDateTime end;
        private final LocalDateTime start;
        private final List<Facts.Product> products;
        private final int staffCount;
        private long orderSeq;
        private long eventSeq;
        private long messageSeq;

        Run(GeneratorSpec spec, FactSink sink) {
            this.spec = spec;
            this.profile = spec.profile();
            this.sink = sink;
            this.random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + profile.ordinal());
            this.end = spec.end().atTime(21, 59, 59);
            this.start = spec.end().minusYears(2).atStartOfDay();
            this.products = Catalog.products(profile);
            this.staffCount = Math.max(3, spec.customers() / 200);
        }

        void all() {
            for (int s = 1; s <= staffCount; s++) {
                sink.staff(new Facts.Staff(staffId(s), pick(SURNAMES) + pick(GIVEN), s % 10 == 0 ? "manager" : "sales",
                        "ST" + (1 + s % 5), true));
            }
            products.forEach(sink::product);
            for (int i = 1; i <= spec.customers(); i++) {
                customer(i);
            }
        }

        private void customer(int i) {
            String id = String.format("C%07d", i);
            LocalDateTime registered = registration();
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("name", pick(SURNAMES) + pick(GIVEN));
            attributes.put("gender", random.nextInt(100) < 58 ? "女" : "男");
            attributes.put("birthday", LocalDate.of(1968 + random.nextInt(38), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString());
            attributes.put("region", pick(REGIONS));
            attributes.put("registered_at", registered.toString());
            attributes.put("owner_staff_id", staffId(1 + random.nextInt(staffCount)));
            attributes.put("channel", pick(CHANNELS));
            attributes.put("member_level", Integer.toString(memberLevel()));
            boolean bought = profile == Profile.AUTO && random.nextInt(100) < 10;
            extras(attributes, bought);
            sink.customer(new Facts.Customer(id, attributes));

            Identities ids = identities(i, id);
            double engagement = Math.exp(random.nextGaussian() * 0.9); // how active this person is
            LocalDateTime churnAt = random.nextInt(100) < 35
                    ? registered.plusDays(30 + random.nextInt(500)) : end.plusDays(1);
            if (churnAt.isAfter(end)) {
                churnAt = end.plusDays(1);
            }
            List<LocalDateTime> orders = profile == Profile.AUTO ? carOrders(registered, bought)
                    : orders(registered, churnAt, engagement);
            for (LocalDateTime at : orders) {
                order(ids, at);
            }
            events(ids, registered, churnAt, engagement, bought);
            messages(ids, registered, churnAt, orders, engagement);
        }

        private LocalDateTime registration() {
            long spanDays = java.time.Duration.between(start, end).toDays();
            long day = profile == Profile.HOTPOT && random.nextInt(100) < 30
                    ? spanDays - random.nextInt(90) // a third of diners joined in the last quarter
                    : (long) (spanDays * Math.sqrt(random.nextDouble())); // more sign-ups lately
            return start.plusDays(Math.min(day, spanDays)).plusMinutes(480 + random.nextInt(840));
        }

        private int memberLevel() {
            int r = random.nextInt(100);
            return r < 50 ? 1 : r < 75 ? 2 : r < 90 ? 3 : r < 97 ? 4 : 5;
        }

        private void extras(Map<String, String> a, boolean bought) {
            switch (profile) {
                case AUTO -> {
                    a.put("car_model", pick(CARS));
                    a.put("bought", Boolean.toString(bought));
                }
                case BEAUTY -> a.put("followers", Long.toString(Math.round(Math.exp(4 + 1.6 * random.nextGaussian()))));
                case BAKERY -> {
                    a.put("xhs_followers", Long.toString(Math.round(Math.exp(3 + 1.7 * random.nextGaussian()))));
                    a.put("douyin_followers", Long.toString(Math.round(Math.exp(2.5 + 1.9 * random.nextGaussian()))));
                }
                default -> { }
            }
        }

        /** The identifiers a person has, and which one each kind of fact refers to them by. */
        private record Identities(String customerId, String unionid, String memberId, String externalUserid) {
            PersonRef forOrder(SplittableRandom r) {
                return memberId != null && r.nextInt(100) < 25 ? new PersonRef(IdentityKind.MEMBER_ID, memberId)
                        : PersonRef.customer(customerId);
            }

            PersonRef forWeCom(SplittableRandom r) {
                if (externalUserid != null && r.nextInt(100) < 40) {
                    return new PersonRef(IdentityKind.EXTERNAL_USERID, externalUserid);
                }
                return unionid != null && r.nextInt(100) < 20 ? new PersonRef(IdentityKind.UNIONID, unionid)
                        : PersonRef.customer(customerId);
            }
        }

        private Identities identities(int i, String id) {
            String unionid = random.nextInt(100) < 80 ? "o6_" + Long.toHexString(mix(i)) : null;
            String memberId = random.nextInt(100) < 65 ? "M" + (100000 + i) : null;
            String external = random.nextInt(100) < 60 ? "wmX" + Long.toString(mix(i + 7), 36) : null;
            String phone = random.nextInt(100) < 50 ? phone(i) : null;
            List<PersonRef> link = new ArrayList<>();
            link.add(PersonRef.customer(id));
            if (unionid != null) {
                link.add(new PersonRef(IdentityKind.UNIONID, unionid));
            }
            if (phone != null) {
                link.add(new PersonRef(IdentityKind.PHONE, phone));
            }
            if (link.size() > 1) {
                sink.identity(new Facts.IdentityLink(link, "crm"));
            }
            // WeCom and the member system only know the UnionID: unification must go through it
            if (memberId != null) {
                sink.identity(new Facts.IdentityLink(List.of(new PersonRef(IdentityKind.MEMBER_ID, memberId),
                        unionid != null ? new PersonRef(IdentityKind.UNIONID, unionid) : PersonRef.customer(id)), "member"));
            }
            if (external != null) {
                sink.identity(new Facts.IdentityLink(List.of(new PersonRef(IdentityKind.EXTERNAL_USERID, external),
                        unionid != null ? new PersonRef(IdentityKind.UNIONID, unionid) : PersonRef.customer(id)), "wecom"));
            }
            if (i % 1000 == 500 && unionid != null) {
                // a data-entry conflict: the next customer's phone recorded against this UnionID
                sink.identity(new Facts.IdentityLink(List.of(new PersonRef(IdentityKind.UNIONID, unionid),
                        new PersonRef(IdentityKind.PHONE, phone(i + 1))), "store"));
            }
            return new Identities(id, unionid, memberId, external);
        }

        private List<LocalDateTime> orders(LocalDateTime registered, LocalDateTime churnAt, double engagement) {
            List<LocalDateTime> out = new ArrayList<>();
            int kind = random.nextInt(100);
            if (kind < 22) {
                return out; // prospects who never bought
            }
            LocalDateTime at = registered.plusHours(2 + (long) (random.nextDouble() * 24 * 40));
            if (kind < 50) {
                if (!at.isAfter(end)) {
                    out.add(at); // one-off buyers
                }
                return out;
            }
            double cycle = profile.cycleDays * Math.exp(0.45 * random.nextGaussian()) / Math.sqrt(engagement);
            while (!at.isAfter(end) && at.isBefore(churnAt) && out.size() < 400) {
                out.add(at);
                double gap = cycle * Math.exp(0.35 * random.nextGaussian());
                at = at.plusMinutes((long) (Math.max(0.5, gap) * 1440));
            }
            return out;
        }

        private List<LocalDateTime> carOrders(LocalDateTime registered, boolean bought) {
            if (!bought) {
                return List.of();
            }
            LocalDateTime at = registered.plusDays(7 + random.nextInt(60));
            return at.isAfter(end) ? List.of(end.minusDays(1)) : List.of(at);
        }

        private void order(Identities ids, LocalDateTime at) {
            String orderId = "O" + (++orderSeq);
            boolean refunded = random.nextInt(100) < 3;
            double amount;
            String table = null;
            if (profile == Profile.AUTO) {
                amount = 100_000 + random.nextInt(300_000);
            } else if (profile == Profile.HOTPOT) {
                int party = 1 + random.nextInt(6);
                amount = Math.round(party * 45 * Math.exp(0.25 * random.nextGaussian()));
                table = "T" + (1 + random.nextInt(30));
            } else {
                amount = Math.round(profile.meanOrderAmount * Math.exp(profile.amountSpread * random.nextGaussian()) * 100) / 100.0;
            }
            String store = "ST" + (1 + random.nextInt(5));
            sink.order(new Facts.Order(orderId, ids.forOrder(random), epoch(at), Math.max(1, amount),
                    refunded ? "refunded" : "paid", store, random.nextInt(100) < 60 ? "store" : "mini_program", table));
            int lines = profile == Profile.AUTO ? 1 : 1 + random.nextInt(3);
            for (int l = 0; l < lines; l++) {
                Facts.Product p = products.get(random.nextInt(products.size()));
                sink.orderItem(new Facts.OrderItem(orderId, p.sku(), 1 + random.nextInt(profile == Profile.AUTO ? 1 : 3), p.price()));
            }
        }

        private void events(Identities ids, LocalDateTime registered, LocalDateTime churnAt, double engagement, boolean bought) {
            LocalDateTime until = churnAt.isAfter(end) ? end : churnAt;
            long days = Math.max(1, java.time.Duration.between(registered, until).toDays());
            double perDay = (profile == Profile.AUTO ? 0.035 : 0.06) * engagement;
            int count = (int) Math.min(600, Math.round(days * perDay * Math.exp(0.5 * random.nextGaussian())));
            if (profile == Profile.AUTO && bought) {
                count += 15; // buyers read a lot before deciding
            }
            for (int e = 0; e < count; e++) {
                LocalDateTime at = registered.plusMinutes((long) (random.nextDouble() * days * 1440));
                if (at.isAfter(end)) {
                    continue;
                }
                String type = eventType(bought);
                Map<String, String> properties = new LinkedHashMap<>();
                switch (type) {
                    case "article_read" -> properties.put("article_id", "A" + (1 + random.nextInt(bought ? 40 : 12)));
                    case "group_join" -> properties.put("group", bought ? "owners" : "fans");
                    case "scan_qr" -> properties.put("table_id", "T" + (1 + random.nextInt(30)));
                    case "review" -> properties.put("stars", Integer.toString(random.nextInt(100) < 80 ? 4 + random.nextInt(2) : 1 + random.nextInt(3)));
                    default -> { }
                }
                sink.event(new Facts.Event("E" + (++eventSeq), ids.forWeCom(random), epoch(at), type, properties));
            }
            if (profile == Profile.AUTO) {
                // the salesperson grades a new lead within two days of adding it (意向等级), some again later
                for (int g = 0; g < (random.nextInt(100) < 30 ? 2 : 1); g++) {
                    LocalDateTime at = registered.plusHours(1 + random.nextInt(g == 0 ? 48 : 24 * 30));
                    int r = random.nextInt(100);
                    if (!at.isAfter(end)) {
                        sink.event(new Facts.Event("E" + (++eventSeq), ids.forWeCom(random), epoch(at), "lead_graded",
                                Map.of("grade", r < 10 ? "S" : r < 35 ? "A" : r < 75 ? "B" : "C")));
                    }
                }
            }
            if (profile == Profile.AUTO && !bought && random.nextInt(100) < 6) {
                // a few leads ask for a test drive in the last week
                sink.event(new Facts.Event("E" + (++eventSeq), ids.forWeCom(random), epoch(end.minusDays(random.nextInt(7))),
                        "test_drive_form", Map.of()));
            }
        }

        private String eventType(boolean bought) {
            List<String> types = profile.eventTypes;
            if (profile == Profile.AUTO) {
                int r = random.nextInt(100);
                return r < 35 ? "moments_link_click" : r < 70 ? "article_read" : r < 82 ? "activity_join"
                        : r < 92 ? "group_join" : bought || r < 98 ? "store_visit" : "test_drive_form";
            }
            // earlier types in each profile's list are the common ones
            int index = (int) Math.min(types.size() - 1, Math.floor(-Math.log(1 - random.nextDouble()) * types.size() / 2.5));
            return types.get(index);
        }

        private void messages(Identities ids, LocalDateTime registered, LocalDateTime churnAt, List<LocalDateTime> orders,
                              double engagement) {
            int chats = (int) Math.round((profile == Profile.FMCG ? 3 : 1) * engagement * random.nextDouble() * 3);
            LocalDateTime until = churnAt.isAfter(end) ? end : churnAt;
            long minutes = Math.max(60, java.time.Duration.between(registered, until).toMinutes());
            for (int m = 0; m < chats; m++) {
                LocalDateTime at = registered.plusMinutes((long) (random.nextDouble() * minutes));
                String text = chatLine();
                message(ids, at, text, "in");
                if (random.nextInt(100) < 50) {
                    message(ids, at.plusMinutes(3 + random.nextInt(120)), Chat.STAFF.get(random.nextInt(Chat.STAFF.size())), "out");
                }
            }
            if (profile == Profile.FMCG && !orders.isEmpty() && random.nextInt(100) < 30) {
                // near the end of a consumption cycle people say so
                LocalDateTime last = orders.get(orders.size() - 1);
                LocalDateTime due = last.plusDays((long) (profile.cycleDays * 0.9));
                if (due.isBefore(end)) {
                    message(ids, due, Chat.REPURCHASE.get(random.nextInt(Chat.REPURCHASE.size())), "in");
                }
            }
        }

        private String chatLine() {
            int r = random.nextInt(100);
            List<String> pool = r < 12 ? Chat.REPURCHASE : r < 20 ? Chat.REFERRAL : r < 28 ? Chat.NEGATED : Chat.CHATTER;
            return pool.get(random.nextInt(pool.size()));
        }

        private void message(Identities ids, LocalDateTime at, String text, String direction) {
            if (at.isAfter(end)) {
                return;
            }
            boolean group = random.nextInt(100) < 30;
            sink.message(new Facts.Message("MSG" + (++messageSeq), ids.forWeCom(random), epoch(at), text, direction,
                    group ? "group" : "private", group ? "G" + (1 + random.nextInt(20)) : null, staffId(1 + random.nextInt(staffCount))));
        }

        private long epoch(LocalDateTime at) {
            return at.atZone(spec.zone()).toEpochSecond();
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private static String staffId(int s) {
            return String.format("S%04d", s);
        }

        private static String phone(int i) {
            return "1" + (30 + mix(i * 31L) % 60) + String.format("%08d", i);
        }

        private static long mix(long x) {
            x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
            x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return (x ^ (x >>> 33)) & 0xFFFFFFFFFFFFL;
        }
    }

}
