package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        Table table = new Table("LINE", "STATE", ">OURS", "PEER")
                .row("liaison", "restore-proposed (silent)", 7, "North liaison office")
                .row("military-west-sea", "open", 1234, "Ministry of National Defense");
        assertThat(table.lines()).containsExactly(
                "LINE               STATE                      OURS  PEER",
                "liaison            restore-proposed (silent)     7  North liaison office",
                "military-west-sea  open                       1234  Ministry of National Defense");
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
