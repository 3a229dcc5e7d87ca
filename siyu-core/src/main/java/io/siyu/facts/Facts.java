package io.siyu.facts;

import java.util.List;
import java.util.Map;

/**
 * The typed input facts of DESIGN.md §4, one record per row of a data file. Times are epoch
 * seconds (already resolved against the model's time zone); absent numbers are {@code NaN};
 * absent strings are {@code null}.
 */
public final class Facts {
    private Facts() {}

    /** A row of customers.csv; every column other than customer_id is an attribute. */
    public record Customer(String customerId, Map<String, String> attributes) {}

    /** A row of identities.csv: these references belong to one person. */
    public record IdentityLink(List<PersonRef> refs, String source) {}

    public record Staff(String staffId, String name, String role, String storeId, boolean active) {}

    public record Product(String sku, String name, String category, double price, double cycleDays) {}

    /** A row of orders.csv; status is {@code paid} unless the file says otherwise. */
    public record Order(String orderId, PersonRef person, long orderedAt, double amount, String status,
                        String storeId, String channel, String tableId) {}

    public record OrderItem(String orderId, String sku, double quantity, double unitPrice) {}

    /** A row of events.csv; event_id may be null (then the row is never de-duplicated). */
    public record Event(String eventId, PersonRef person, long occurredAt, String type,
                        Map<String, String> properties) {}

    public record Message(String messageId, PersonRef person, long sentAt, String text, String direction,
                          String channel, String groupId, String staffId) {}
}
