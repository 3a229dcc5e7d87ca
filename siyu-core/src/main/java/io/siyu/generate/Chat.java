package io.siyu.generate;

import java.util.List;

/**
 * What customers write in chats: phrases that signal a scenario (repurchase, referral), their
 * negations that must not, and ordinary chatter (from the seeds: "快吃完了", "同事过来问这是什么牌子").
 */
final class Chat {
    private Chat() {}

    static final List<String> REPURCHASE = List.of("快吃完了", "快用完了，再来一套", "没存货了", "家里的快没了，还有活动吗",
            "洗发水快用完了", "咖啡只剩两包了", "上次买的快吃完了，想再买点");
    static final List<String> REFERRAL = List.of("同事过来问这是什么牌子", "朋友也想要，怎么买", "我闺蜜看了也想试试",
            "同事问我在哪买的", "朋友问能不能帮她也下一单");
    static final List<String> NEGATED = List.of("还没吃完呢", "不是快用完，只是问问", "还有很多，没吃完", "暂时不缺，还没用完");
    static final List<String> CHATTER = List.of("谢谢", "什么时候发货", "有优惠吗", "收到了，包装很好", "好的", "在吗",
            "这个怎么用", "能开发票吗", "周末门店开门吗", "味道不错", "物流到哪了", "会员积分怎么查");
    static final List<String> STAFF = List.of("您好，有什么可以帮您？", "本周会员日全场 9 折", "新品上市，欢迎试用",
            "您的订单已发货", "感谢支持，有问题随时找我");
}
