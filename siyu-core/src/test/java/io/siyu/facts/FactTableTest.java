package io.siyu.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FactTableTest {
    @Test
    void a_column_is_found_by_an_equal_name_and_again_after_it_is_replaced() {
        FactTable t = new FactTable("orders", 4);
        StringColumn text = t.addColumn(new StringColumn("amount", 4));
        String literal = "amount";
        String built = new StringBuilder("amo").append("unt").toString(); // equal, not the same object

        assertThat(t.column(literal)).isSameAs(text);
        assertThat(t.column(literal)).as("asked again with the same name object").isSameAs(text);
        assertThat(t.column(built)).isSameAs(text);
        assertThat(t.column("status")).isNull();

        NumberColumn number = t.addColumn(new NumberColumn("amount", 4));
        assertThat(t.column(literal)).as("a name found before now stands for the new column").isSameAs(number);
        assertThat(t.column(built)).isSameAs(number);
    }

    @Test
    void many_names_asked_for_are_all_still_found() {
        FactTable t = new FactTable("events", 4);
        for (int i = 0; i < 40; i++) {
            t.addColumn(new StringColumn("p" + i, 4));
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 40; i++) {
                assertThat(t.column("p" + i).name()).isEqualTo("p" + i);
            }
        }
    }
}
