package org.hotline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StationIdTest {
    /** Station id of the key with seed 00..1f; contains an 'I', which matters in a Turkish locale. */
    private static final String VALUE = "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA";
    private static final StationId ID = new StationId(VALUE);

    @Test
    void isDerivedFromTheKey() {
        assertThat(StationId.of(ProtocolFixtures.key(0).verifyingKey())).isEqualTo(ID);
        assertThat(ProtocolFixtures.key(0).verifyingKey().stationId()).isEqualTo(ID);
        assertThat(ProtocolFixtures.key(1).verifyingKey().stationId()).isNotEqualTo(ID);
    }

    @Test
    void displayIsThirteenGroupsOfFourSeparatedByDashes() {
        String display = ID.display();

        assertThat(display).isEqualTo("KZDV-VJ2U-MNDU-YAUF-35O3-6K6K-W462-MUJV-RA46-TN3U-QGZO-VMIH-OCGA");
        assertThat(display.split("-", -1)).hasSize(13).allSatisfy(group -> assertThat(group).hasSize(4));
        assertThat(display).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){12}");
        assertThat(ID.toString()).isEqualTo(display);
        assertThat(ID.shortForm()).isEqualTo("KZDV-VJ2U");
    }

    @Test
    void displayOfAnyKeyHasTheSameShape() {
        for (int seed = 0; seed < 40; seed++) {
            StationId id = ProtocolFixtures.key(seed * 7).verifyingKey().stationId();
            assertThat(id.display()).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){12}");
            assertThat(StationId.parse(id.display())).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        VALUE,
        "KZDV-VJ2U-MNDU-YAUF-35O3-6K6K-W462-MUJV-RA46-TN3U-QGZO-VMIH-OCGA",
        "kzdv-vj2u-mndu-yauf-35o3-6k6k-w462-mujv-ra46-tn3u-qgzo-vmih-ocga",
        "kzdvvj2umnduyauf35o36k6kw462mujvra46tn3uqgzovmihocga",
        "KZDV VJ2U MNDU YAUF 35O3 6K6K W462 MUJV RA46 TN3U QGZO VMIH OCGA",
        "kZdV-vJ2u-MNDU-yauf-35O36K6K-W462 MUJV-RA46-TN3U-QGZO-VMIH-OCGA",
    })
    void parseAcceptsGroupedAndLowerCaseForms(String text) {
        assertThat(StationId.parse(text)).isEqualTo(ID);
        assertThat(StationId.parse(text).value()).isEqualTo(VALUE);
    }

    @Test
    void parseUpperCasesIndependentlyOfTheDefaultLocale() {
        // In tr_TR, "i".toUpperCase() is "İ" (U+0130), which is not base32.
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(StationId.parse(VALUE.toLowerCase(Locale.ROOT))).isEqualTo(ID);
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "-",
        "hello",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCG",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGAA",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCG0",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCG1",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOC8A",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA====",
        "KZDV_VJ2U_MNDU_YAUF_35O3_6K6K_W462_MUJV_RA46_TN3U_QGZO_VMIH_OCGA",
        "KZDV.VJ2U.MNDU.YAUF.35O3.6K6K.W462.MUJV.RA46.TN3U.QGZO.VMIH.OCGA",
        "KZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA\n",
        "\tKZDVVJ2UMNDUYAUF35O36K6KW462MUJVRA46TN3UQGZOVMIHOCGA",
        "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8",
    })
    void parseRejectsGarbage(String text) {
        assertThatThrownBy(() -> StationId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConstructorAcceptsOnlyTheCompactUpperCaseForm() {
        assertThatThrownBy(() -> new StationId(VALUE.toLowerCase(Locale.ROOT))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StationId(ID.display())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StationId(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StationId.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aVeryLongGarbageInputIsAbbreviatedInTheMessage() {
        String garbage = "x".repeat(10_000);
        assertThatThrownBy(() -> StationId.parse(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void ordersByValue() {
        StationId other = ProtocolFixtures.key(1).verifyingKey().stationId();
        assertThat(Integer.signum(ID.compareTo(other))).isEqualTo(Integer.signum(VALUE.compareTo(other.value())));
        assertThat(Integer.signum(other.compareTo(ID))).isEqualTo(-Integer.signum(ID.compareTo(other)));
        assertThat(ID.compareTo(StationId.parse(ID.display()))).isZero();
    }
}
