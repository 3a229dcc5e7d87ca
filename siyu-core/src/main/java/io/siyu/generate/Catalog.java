package io.siyu.generate;

import io.siyu.facts.Facts;
import java.util.List;

/** Products per profile, with prices and how many days one unit lasts (消耗周期). */
final class Catalog {
    private Catalog() {}

    static List<Facts.Product> products(Profile profile) {
        return switch (profile) {
            case AUTO -> List.of(
                    product("CAR-A", "Model A 轿车", "car", 158000, Double.NaN),
                    product("CAR-SUVX", "SUV-X 越野", "car", 268000, Double.NaN),
                    product("CAR-EV", "EV-1 纯电", "car", 219000, Double.NaN));
            case BEAUTY -> List.of(
                    product("B-CLEANSER", "氨基酸洁面乳", "cleanser", 128, 45),
                    product("B-SERUM", "修护精华液", "serum", 459, 60),
                    product("B-CREAM", "保湿面霜", "cream", 299, 75),
                    product("B-MASK", "补水面膜 10 片", "mask", 99, 20),
                    product("B-LIPSTICK", "丝绒口红", "makeup", 199, 120));
            case BAKERY -> List.of(
                    product("K-TOAST", "生吐司", "bread", 26, 3),
                    product("K-CROISSANT", "可颂 4 只", "bread", 32, 2),
                    product("K-CAKE", "草莓奶油蛋糕", "cake", 168, Double.NaN),
                    product("K-COOKIE", "黄油曲奇礼盒", "snack", 88, 14),
                    product("K-NEW", "新品试吃装", "new", 19, Double.NaN));
            case HOTPOT -> List.of(
                    product("H-SET2", "双人套餐", "set", 178, Double.NaN),
                    product("H-SET4", "四人套餐", "set", 328, Double.NaN),
                    product("H-BEEF", "鲜切牛肉", "dish", 68, Double.NaN),
                    product("H-SOUP", "招牌锅底", "soup", 48, Double.NaN));
            case FMCG -> List.of(
                    product("F-CLEANSER", "洁面乳 120ml", "cleanser", 69, 30),
                    product("F-SHAMPOO", "洗发水 500ml", "shampoo", 89, 45),
                    product("F-SNACK", "坚果零食组合", "snack", 59, 14),
                    product("F-COFFEE", "挂耳咖啡 30 包", "coffee", 99, 30),
                    product("F-DETERGENT", "洗衣液 2kg", "home", 49, 60));
        };
    }

    private static Facts.Product product(String sku, String name, String category, double price, double cycleDays) {
        return new Facts.Product(sku, name, category, price, cycleDays);
    }
}
