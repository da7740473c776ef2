package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.spi.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleLimitsTest {

    @Test
    void withoutSettingsTheDefaultsHold() {
        RuleLimits limits = RuleLimits.of(Settings.empty());

        assertThat(limits).isEqualTo(new RuleLimits(10_000, Duration.ofSeconds(2), false));
        assertThat(limits.budgetText()).isEqualTo("2 s");
    }

    @Test
    void budgetsAreWrittenInMillisecondsSecondsMinutesOrIso8601() {
        Map<String, Duration> budgets = Map.of("1500ms", Duration.ofMillis(1500), "2s", Duration.ofSeconds(2),
                " 3 S ", Duration.ofSeconds(3), "1m", Duration.ofMinutes(1), "PT0.25S", Duration.ofMillis(250),
                "pt1h", Duration.ofHours(1), "1ms", Duration.ofMillis(1));
        budgets.forEach((text, expected) -> assertThat(RuleLimits.of(Settings.of(Map.of(RuleLimits.BUDGET, text)))
                .budget()).as(text).isEqualTo(expected));
    }

    @Test
    void theBudgetReadsAsPeopleWriteIt() {
        assertThat(RuleLimits.DEFAULT.withBudget(Duration.ofMillis(1500)).budgetText()).isEqualTo("1500 ms");
        assertThat(RuleLimits.DEFAULT.withBudget(Duration.ofSeconds(2)).budgetText()).isEqualTo("2 s");
        assertThat(RuleLimits.DEFAULT.withBudget(Duration.ofMinutes(1)).budgetText()).isEqualTo("60 s");
        assertThat(RuleLimits.DEFAULT.withBudget(Duration.ofNanos(1_500_000)).budgetText()).isEqualTo("1.500 ms");
    }

    @Test
    void onLimitIsFailClosedOrFailOpenInAnyCase() {
        assertThat(RuleLimits.of(Settings.of(Map.of(RuleLimits.ON_LIMIT, "Fail-Open"))).failOpen()).isTrue();
        assertThat(RuleLimits.of(Settings.of(Map.of(RuleLimits.ON_LIMIT, "fail-closed"))).failOpen()).isFalse();
        assertThat(RuleLimits.of(Settings.of(Map.of(RuleLimits.MAX_FIRINGS, " 50 "))).maxFirings()).isEqualTo(50);
    }
}
