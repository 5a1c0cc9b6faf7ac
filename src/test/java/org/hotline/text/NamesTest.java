package org.hotline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Blue House", "State Affairs Commission", "조선 국무위원회", "Ministère de l'Intérieur", "A & B (West)", "CERT/CC",
        "x", "moon's laptop", "U.S."})
    void ordinaryNamesAreAccepted(String name) {
        assertThat(Names.station(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " Blue", "Blue ", "Blue  House", "Blue\nstation id  AAAA-BBBB", "Blue\u001b[8m", "Blue\u202eesuoH",
        "Blue\u2066House", "Blue\u200eHouse", "Blue\u061cHouse", "Blue\u0000", "Blue\tHouse", "Blue\u200bHouse", "<script>", "Blue\"House",
        "-rf", "\u0301Blue"})
    void namesThatCouldSpoofOrHideAreRefusedWithTheNameShownNeutralised(String name) {
        assertThatThrownBy(() -> Names.station(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("station name")
                .satisfies(e -> assertThat(Printable.isPlain(e.getMessage())).as("message is printable").isTrue());
    }

    @org.junit.jupiter.api.Test
    void aNameIsBoundedInLength() {
        assertThat(Names.station("a".repeat(Names.MAX_LENGTH))).hasSize(Names.MAX_LENGTH);
        assertThatThrownBy(() -> Names.station("a".repeat(Names.MAX_LENGTH + 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"night watch", "moon's laptop", "kim <duty officer>", "연락관 김"})
    void labelsTakeAnyVisibleText(String label) {
        assertThat(Names.label("by", " " + label + " ")).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "kim\u202e", "night\u001b[8m", "a\nb", "zero\u200bwidth"})
    void labelsWithHiddenCharactersAreRefused(String label) {
        assertThatThrownBy(() -> Names.label("by", label))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("by ")
                .satisfies(e -> assertThat(Printable.isPlain(e.getMessage())).isTrue());
    }
}
