package io.siyu.generate;

import java.util.List;

/**
 * The industries synthetic data can imitate, one per seed case: what is sold (products and how
 * long one unit lasts), how often and how much people buy, and which behaviour events occur.
 */
public enum Profile {
    /** C1 car dealer: leads, moments clicks, articles, test-drive forms; few, large orders. */
    AUTO(0, 0, 0, List.of("moments_link_click", "activity_join", "article_read", "group_join", "store_visit", "test_drive_form")),
    /** C2 beauty retail: social, interaction and content events for KOC ranking. */
    BEAUTY(45, 260, 0.9, List.of("share", "invite", "like", "comment", "checkin", "post_content", "live_view")),
    /** C3 bakery: frequent small orders, group and moments interaction, social reach. */
    BAKERY(9, 55, 0.7, List.of("group_message", "moments_like", "moments_comment", "share")),
    /** C4 hot-pot chain: table bills, QR scans at the table, reviews. */
    HOTPOT(24, 160, 0.5, List.of("scan_qr", "scan_pay", "review")),
    /** C5/C6/C8 consumer goods: consumption cycles, browsing funnel, chat with scenario phrases. */
    FMCG(32, 120, 0.8, List.of("page_view", "ad_click", "favorite", "add_to_cart", "group_join", "moments_read"));

    final double cycleDays;
    final double meanOrderAmount;
    final double amountSpread;
    final List<String> eventTypes;

    Profile(double cycleDays, double meanOrderAmount, double amountSpread, List<String> eventTypes) {
        this.cycleDays = cycleDays;
        this.meanOrderAmount = meanOrderAmount;
        this.amountSpread = amountSpread;
        this.eventTypes = eventTypes;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
