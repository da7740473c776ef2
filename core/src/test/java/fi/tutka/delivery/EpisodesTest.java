package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stitching rules, one scenario each; the half-year is 2026H1 and rows are as episodes.csv holds them. */
class EpisodesTest {
    private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2026, 6, 30);
    private int ids;

    /** One event of client "c" and code "KT1" on a date; {@code start}/{@code end} are the event's dates. */
    private Episodes.Event event(String type, String date, String start, String end, String cost) {
        return event("KT1", "work_trial", type, date, start, end, cost);
    }

    private Episodes.Event event(String code, String serviceClass, String type, String date, String start,
            String end, String cost) {
        LocalDate day = LocalDate.parse(date);
        return new Episodes.Event("e" + (++ids), day.atTime(9, 0).toInstant(ZoneOffset.UTC), "c", "k", "179", code,
                serviceClass, "true", type, day, start == null ? null : LocalDate.parse(start),
                end == null ? null : LocalDate.parse(end), cost, cost == null ? null : "state");
    }

    private List<String> stitch(Episodes.Event... events) {
        List<String> rows = new ArrayList<>();
        Episodes episodes = new Episodes(FIRST, LAST, episode -> rows.add(String.join(",", Episodes.row(episode,
                LAST))));
        for (Episodes.Event event : events) {
            episodes.add(event);
        }
        episodes.finish();
        return rows;
    }

    @Test
    void aWholeServicePathIsOneEpisode() {
        assertThat(stitch(event("referral", "2026-01-05", null, null, null),
                event("decision", "2026-01-12", "2026-02-02", "2026-04-30", "1500.00"),
                event("start", "2026-02-03", "2026-02-02", "2026-04-30", null),
                event("end", "2026-05-04", "2026-02-02", "2026-04-30", null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,ended,false,2026-01-05,2026-01-12,2026-02-02,"
                        + "2026-04-30,2026-02-02,2026-04-30,88,1500.00,state,4,2026-01-05,2026-05-04,");
    }

    @Test
    void everyDiscussionIsAContactHeldOnItsDay() {
        assertThat(stitch(event("THK", "job_search_discussion", "decision", "2026-02-02", null, null, null),
                event("THK", "job_search_discussion", "decision", "2026-02-16", null, null, null)))
                .containsExactly("e1,c,k,179,THK,job_search_discussion,true,ended,false,,2026-02-02,,,2026-02-02,"
                                + "2026-02-02,1,,,1,2026-02-02,2026-02-02,",
                        "e2,c,k,179,THK,job_search_discussion,true,ended,false,,2026-02-16,,,2026-02-16,"
                                + "2026-02-16,1,,,1,2026-02-16,2026-02-16,");
    }

    @Test
    void anInterviewTakesUpItsReferral() {
        assertThat(stitch(event("AH", "initial_interview", "referral", "2026-03-02", null, null, null),
                event("AH", "initial_interview", "decision", "2026-03-05", "2026-03-06", null, null),
                event("AH", "initial_interview", "cancellation", "2026-03-09", null, null, null)))
                .containsExactly("e1,c,k,179,AH,initial_interview,true,ended,false,2026-03-02,2026-03-05,,,"
                                + "2026-03-06,2026-03-06,1,,,2,2026-03-02,2026-03-05,",
                        "e3,c,k,179,AH,initial_interview,true,cancelled,false,,,,,,,,,,1,2026-03-09,2026-03-09,"
                                + "cancellation_without_decision");
    }

    @Test
    void anEpisodeStillOpenRunsToTheHalfYearsLastDay() {
        assertThat(stitch(event("decision", "2026-06-01", "2026-06-15", "2026-12-14", "9000"),
                event("start", "2026-06-15", "2026-06-15", "2026-12-14", null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,started,true,,2026-06-01,2026-06-15,2026-12-14,"
                        + "2026-06-15,,16,9000,state,2,2026-06-01,2026-06-15,");
    }

    @Test
    void anEndWithoutAStartIsFlaggedNotDropped() {
        assertThat(stitch(event("end", "2026-03-02", null, "2026-02-27", null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,ended,false,,,,,,2026-02-27,,,,1,2026-03-02,"
                        + "2026-03-02,end_without_start");
    }

    @Test
    void anEndOfADecisionNotStartedIsFlagged() {
        assertThat(stitch(event("decision", "2026-02-02", "2026-03-02", "2026-05-31", null),
                event("end", "2026-03-10", null, "2026-03-09", null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,ended,false,,2026-02-02,2026-03-02,2026-05-31,,"
                        + "2026-03-09,,,,2,2026-02-02,2026-03-10,end_without_start");
    }

    @Test
    void aCancellationAfterTheStartEndsTheEpisodeThereAndIsFlagged() {
        assertThat(stitch(event("decision", "2026-02-02", "2026-02-09", "2026-05-31", null),
                event("start", "2026-02-09", "2026-02-09", "2026-05-31", null),
                event("cancellation", "2026-02-20", null, null, null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,cancelled,false,,2026-02-02,2026-02-09,"
                        + "2026-05-31,2026-02-09,2026-02-20,12,,,3,2026-02-02,2026-02-20,cancellation_after_start");
    }

    @Test
    void aCancellationBeforeTheStartIsAnOrdinaryCancelledEpisode() {
        assertThat(stitch(event("decision", "2026-02-02", "2026-02-09", "2026-05-31", "800"),
                event("cancellation", "2026-02-05", null, null, null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,cancelled,false,,2026-02-02,2026-02-09,"
                        + "2026-05-31,,,,800,state,2,2026-02-02,2026-02-05,");
    }

    @Test
    void aSecondDecisionWhileTheFirstRunsIsAnOverlappingEpisodeAndEndsGoFirstStartedFirstEnded() {
        assertThat(stitch(event("decision", "2026-01-05", "2026-01-12", "2026-03-31", null),
                event("start", "2026-01-12", "2026-01-12", "2026-03-31", null),
                event("decision", "2026-02-02", "2026-02-09", "2026-04-30", null),
                event("start", "2026-02-09", "2026-02-09", "2026-04-30", null),
                event("end", "2026-03-31", null, "2026-03-31", null)))
                .containsExactly(
                        "e1,c,k,179,KT1,work_trial,true,ended,false,,2026-01-05,2026-01-12,2026-03-31,2026-01-12,"
                                + "2026-03-31,79,,,3,2026-01-05,2026-03-31,overlapping_episode",
                        "e3,c,k,179,KT1,work_trial,true,started,true,,2026-02-02,2026-02-09,2026-04-30,2026-02-09,"
                                + ",142,,,2,2026-02-02,2026-02-09,overlapping_episode");
    }

    @Test
    void aChangedDecisionKeepsTheLatestPlanAndIsFlagged() {
        assertThat(stitch(event("decision", "2026-01-05", "2026-01-12", "2026-03-31", "100"),
                event("decision", "2026-01-08", "2026-01-19", "2026-04-30", "120")))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,decided,true,,2026-01-08,2026-01-19,2026-04-30,,"
                        + ",,120,state,2,2026-01-05,2026-01-08,decision_changed");
    }

    @Test
    void startsWithoutADecisionAndRepeatedStartsAreFlagged() {
        assertThat(stitch(event("start", "2026-01-12", "2026-01-12", null, null),
                event("start", "2026-01-14", "2026-01-13", null, null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,started,true,,,,,2026-01-12,,170,,,2,"
                        + "2026-01-12,2026-01-14,repeated_start;start_without_decision");
    }

    @Test
    void anEndDatedBeforeTheStartIsFlagged() {
        assertThat(stitch(event("decision", "2026-01-05", "2026-01-12", "2026-03-31", null),
                event("start", "2026-01-12", "2026-01-12", "2026-03-31", null),
                event("end", "2026-01-13", null, "2026-01-10", null)))
                .containsExactly("e1,c,k,179,KT1,work_trial,true,ended,false,,2026-01-05,2026-01-12,2026-03-31,"
                        + "2026-01-12,2026-01-10,,,,3,2026-01-05,2026-01-13,end_before_start");
    }

    @Test
    void anEpisodeClosedBeforeTheHalfYearIsNotDeliveredButOneRunningIntoItIs() {
        assertThat(stitch(event("decision", "2025-09-01", "2025-09-08", "2025-11-30", null),
                event("start", "2025-09-08", "2025-09-08", "2025-11-30", null),
                event("end", "2025-12-01", null, "2025-11-30", null),
                event("decision", "2025-12-01", "2025-12-08", "2026-02-28", null),
                event("start", "2025-12-08", "2025-12-08", "2026-02-28", null),
                event("end", "2026-03-02", null, "2026-02-27", null)))
                .containsExactly("e4,c,k,179,KT1,work_trial,true,ended,false,,2025-12-01,2025-12-08,2026-02-28,"
                        + "2025-12-08,2026-02-27,82,,,3,2025-12-01,2026-03-02,");
    }

    @Test
    void eachClientAndCodeIsStitchedApart() {
        Episodes.Event other = new Episodes.Event("x1", Instant.parse("2026-01-20T09:00:00Z"), "d", "k", "179",
                "KT1", "work_trial", "true", "end", LocalDate.of(2026, 1, 20), null, LocalDate.of(2026, 1, 20), null,
                null);
        List<String> rows = stitch(event("decision", "2026-01-05", "2026-01-12", "2026-03-31", null), other);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("e1,c,k,179,KT1,work_trial,true,decided,true");
        assertThat(rows.get(1)).startsWith("x1,d,k,179,KT1,work_trial,true,ended,false").endsWith(
                "end_without_start");
    }
}
