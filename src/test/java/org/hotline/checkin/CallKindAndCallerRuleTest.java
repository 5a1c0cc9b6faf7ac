package org.hotline.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.checkin.CheckinFixtures.ALPHA;

import org.hotline.protocol.CallKind;
import org.hotline.protocol.StationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallKindAndCallerRuleTest {
    @Test
    void callKindsHaveFixedWireNames() {
        assertThat(CallKind.LINK_TEST.wireName()).isEqualTo("link-test");
        assertThat(CallKind.WATCH_TEST.wireName()).isEqualTo("watch-test");
        assertThat(CallKind.LINK_TEST.words()).startsWith("link test");
        assertThat(CallKind.WATCH_TEST.words()).startsWith("watch test");
    }

    @ParameterizedTest
    @EnumSource(CallKind.class)
    void callKindsRoundTripThroughTheirWireNames(CallKind kind) {
        assertThat(CallKind.parse(kind.wireName())).isSameAs(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINK_TEST", "link_test", "Link-Test", "link-test ", "", "ring"})
    void callKindsRefuseAnythingButTheExactWireName(String text) {
        assertThatThrownBy(() -> CallKind.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown call kind")
                .hasMessageContaining("link-test")
                .hasMessageContaining("watch-test");
    }

    @Test
    void callerRulesRoundTripThroughTheirWireForm() {
        assertThat(CallerRule.parse("alternate")).isSameAs(CallerRule.ALTERNATE);
        assertThat(CallerRule.ALTERNATE.wireForm()).isEqualTo("alternate");

        CallerRule fixed = CallerRule.station(ALPHA);
        assertThat(fixed.wireForm()).isEqualTo(ALPHA.value());
        assertThat(CallerRule.parse(fixed.wireForm())).isEqualTo(fixed);
        assertThat(CallerRule.parse(ALPHA.display().toLowerCase(java.util.Locale.ROOT))).isEqualTo(fixed);
        assertThat(fixed.words(station -> station.equals(ALPHA) ? "Blue House" : "?")).isEqualTo("Blue House");
        assertThat(fixed).isInstanceOf(CallerRule.Fixed.class).isNotEqualTo(CallerRule.ALTERNATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alternate", "alternating", "", "AAAA", "both"})
    void callerRulesRefuseWhatIsNeitherAlternateNorAStationId(String text) {
        assertThatThrownBy(() -> CallerRule.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("caller must be 'alternate' or a station id");
    }

    @Test
    void aFixedCallerNeedsAStation() {
        assertThatThrownBy(() -> CallerRule.station(null)).isInstanceOf(NullPointerException.class);
        assertThat(new CallerRule.Fixed(new StationId("C".repeat(52)))).isNotEqualTo(CallerRule.station(ALPHA));
    }
}
