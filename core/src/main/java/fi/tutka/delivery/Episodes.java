package fi.tutka.delivery;

import fi.tutka.facts.ResearchClass;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Stitches service events into episodes, the service paths of {@code episodes.csv}. An episode gathers one client's
 * events of one local service code: a referral, a decision, a start, then an end or a cancellation. Events come in
 * {@link #ORDER}; within a client and code they are taken in time order, each applied to the oldest open episode it
 * fits (first started, first ended):
 *
 * <ul>
 *   <li>referral: joins an open referral ({@code repeated_referral}), or opens a new episode;</li>
 *   <li>decision: decides the oldest open referral, or changes the oldest decision not yet started
 *       ({@code decision_changed}: the latest decision's plan and cost hold), or opens a new episode;</li>
 *   <li>start: starts the oldest decided episode, or the oldest referral ({@code start_without_decision}); when every
 *       open episode has started it is a {@code repeated_start} on the oldest (the first start date holds); with
 *       nothing open it opens a started episode ({@code start_without_decision});</li>
 *   <li>end: ends the oldest started episode ({@code end_before_start} when its end date is before the start),
 *       else the oldest one not started ({@code end_without_start}), else is an episode of its own
 *       ({@code end_without_start});</li>
 *   <li>cancellation: cancels the oldest episode not started, else the oldest started one
 *       ({@code cancellation_after_start}: it ends on the cancellation's date), else is an episode of its own
 *       ({@code cancellation_without_decision}).</li>
 * </ul>
 *
 * <p>A contact (a class the catalogue marks {@code contact}: an initial interview, a job-search discussion) is held on
 * its day: its decision or start event is an episode of its own, ended on the event's start date (or its own date),
 * taking up the oldest open referral; every discussion is one episode, never a change of the one before.
 *
 * <p>An episode opened while another of the same client and code is still open is flagged
 * {@code overlapping_episode}, and so is that other one. Nothing is dropped: every event lands in exactly one
 * episode. An episode is delivered when it is still open at the half-year's end or its last event falls in the
 * half-year; events after the half-year are never given to the stitcher, so an episode's state is its state on the
 * half-year's last day.
 */
final class Episodes {
    /** One service event as stitching needs it; dates are Helsinki dates, strings are as delivered. */
    record Event(String recordId, Instant time, String subject, String subjectKey, String area, String code,
            String serviceClass, String statutory, String eventType, LocalDate localDate, LocalDate startDate,
            LocalDate endDate, String costEur, String funding) {
    }

    static final Set<String> EVENT_TYPES = Set.of("referral", "decision", "start", "end", "cancellation");

    /** Client, service code, time, record id. */
    static final Comparator<Event> ORDER = Comparator.comparing(Event::subject)
            .thenComparing(Event::subjectKey)
            .thenComparing(Event::code)
            .thenComparing(Event::time)
            .thenComparing(Event::recordId);

    enum Status {
        REFERRED, DECIDED, STARTED, ENDED, CANCELLED;

        boolean open() {
            return this == REFERRED || this == DECIDED || this == STARTED;
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One episode. */
    static final class Episode {
        final String id;
        final String subject;
        final String subjectKey;
        final String area;
        final String code;
        String serviceClass;
        String statutory;
        Status status;
        LocalDate referralDate;
        LocalDate decisionDate;
        LocalDate plannedStart;
        LocalDate plannedEnd;
        LocalDate startDate;
        LocalDate endDate;
        String costEur;
        String funding;
        int events;
        final LocalDate firstEventDate;
        LocalDate lastEventDate;
        final SortedSet<String> flags = new TreeSet<>();

        private Episode(Event first, Status status) {
            this.id = first.recordId();
            this.subject = first.subject();
            this.subjectKey = first.subjectKey();
            this.area = first.area();
            this.code = first.code();
            this.status = status;
            this.firstEventDate = first.localDate();
        }

        /** Days from start to end, both included, or to {@code last} while open; null when never started. */
        Long durationDays(LocalDate last) {
            if (startDate == null) {
                return null;
            }
            LocalDate until = status.open() ? last : endDate;
            if (until == null || until.isBefore(startDate)) {
                return null;
            }
            return ChronoUnit.DAYS.between(startDate, until) + 1;
        }
    }

    private final LocalDate first;
    private final LocalDate last;
    private final Consumer<Episode> delivered;
    /** The current client's and code's open episodes, oldest first. */
    private final List<Episode> open = new ArrayList<>();
    /** Its episodes not yet delivered, in the order they were opened: a closed one waits for older open ones. */
    private final List<Episode> pending = new ArrayList<>();
    private Event previous;

    /**
     * @param first     the half-year's first day
     * @param last      its last day
     * @param delivered receives each episode to deliver, in {@link #ORDER} of their first events
     */
    Episodes(LocalDate first, LocalDate last, Consumer<Episode> delivered) {
        this.first = first;
        this.last = last;
        this.delivered = delivered;
    }

    /** Adds the next event; events must come in {@link #ORDER} and none after the half-year. */
    void add(Event event) {
        if (previous != null && !(previous.subject().equals(event.subject())
                && previous.subjectKey().equals(event.subjectKey()) && previous.code().equals(event.code()))) {
            finish();
        }
        previous = event;
        boolean held = ResearchClass.isContact(event.serviceClass())
                && (event.eventType().equals("decision") || event.eventType().equals("start"));
        Episode episode = held ? contact(event) : switch (event.eventType()) {
            case "referral" -> referral(event);
            case "decision" -> decision(event);
            case "start" -> start(event);
            case "end" -> end(event);
            case "cancellation" -> cancellation(event);
            default -> throw new IllegalArgumentException("event_type must be referral, decision, start, end or "
                    + "cancellation");
        };
        episode.events++;
        episode.lastEventDate = event.localDate();
        if (event.serviceClass() != null) {
            episode.serviceClass = event.serviceClass();
        }
        if (event.statutory() != null) {
            episode.statutory = event.statutory();
        }
        if (!episode.status.open()) {
            open.remove(episode);
        }
        emitClosedFront();
    }

    /** Delivers the current client's and code's episodes not yet delivered; call after the last event too. */
    void finish() {
        pending.forEach(this::deliver);
        pending.clear();
        open.clear();
    }

    private Episode referral(Event event) {
        Episode referred = oldest(Status.REFERRED);
        if (referred != null) {
            referred.flags.add("repeated_referral");
            return referred;
        }
        Episode episode = open(event, Status.REFERRED);
        episode.referralDate = event.localDate();
        return episode;
    }

    private Episode decision(Event event) {
        Episode episode = oldest(Status.REFERRED);
        if (episode == null) {
            episode = oldest(Status.DECIDED);
            if (episode != null) {
                episode.flags.add("decision_changed");
            } else {
                episode = open(event, Status.DECIDED);
            }
        }
        episode.status = Status.DECIDED;
        episode.decisionDate = event.localDate();
        episode.plannedStart = event.startDate();
        episode.plannedEnd = event.endDate();
        episode.costEur = event.costEur();
        episode.funding = event.funding();
        return episode;
    }

    /** A contact held: the oldest open referral's, or an episode of its own, ended on the day. */
    private Episode contact(Event event) {
        Episode episode = oldest(Status.REFERRED);
        if (episode == null) {
            episode = open(event, Status.ENDED);
        }
        episode.status = Status.ENDED;
        episode.decisionDate = event.localDate();
        episode.startDate = event.startDate() != null ? event.startDate() : event.localDate();
        episode.endDate = event.endDate() != null ? event.endDate() : episode.startDate;
        episode.costEur = event.costEur();
        episode.funding = event.funding();
        return episode;
    }

    private Episode start(Event event) {
        Episode episode = oldest(Status.DECIDED);
        if (episode == null) {
            episode = oldest(Status.REFERRED);
            if (episode == null) {
                Episode started = oldest(Status.STARTED);
                if (started != null) {
                    started.flags.add("repeated_start");
                    return started;
                }
                episode = open(event, Status.STARTED);
            }
            episode.flags.add("start_without_decision");
        }
        episode.status = Status.STARTED;
        episode.startDate = event.startDate() != null ? event.startDate() : event.localDate();
        return episode;
    }

    private Episode end(Event event) {
        Episode episode = oldest(Status.STARTED);
        if (episode == null) {
            episode = oldestNotStarted();
            if (episode == null) {
                episode = open(event, Status.ENDED);
            }
            episode.flags.add("end_without_start");
        }
        episode.status = Status.ENDED;
        episode.endDate = event.endDate() != null ? event.endDate() : event.localDate();
        if (episode.startDate != null && episode.endDate.isBefore(episode.startDate)) {
            episode.flags.add("end_before_start");
        }
        return episode;
    }

    private Episode cancellation(Event event) {
        Episode episode = oldestNotStarted();
        if (episode == null) {
            episode = oldest(Status.STARTED);
            if (episode != null) {
                episode.flags.add("cancellation_after_start");
                episode.endDate = event.localDate();
            } else {
                episode = open(event, Status.CANCELLED);
                episode.flags.add("cancellation_without_decision");
            }
        }
        episode.status = Status.CANCELLED;
        return episode;
    }

    /** A new episode; any other open one of the same client and code overlaps it. */
    private Episode open(Event event, Status status) {
        Episode episode = new Episode(event, status);
        if (!open.isEmpty()) {
            episode.flags.add("overlapping_episode");
            for (Episode other : open) {
                other.flags.add("overlapping_episode");
            }
        }
        open.add(episode);
        pending.add(episode);
        return episode;
    }

    private Episode oldest(Status status) {
        for (Episode episode : open) {
            if (episode.status == status) {
                return episode;
            }
        }
        return null;
    }

    private Episode oldestNotStarted() {
        for (Episode episode : open) {
            if (episode.status == Status.REFERRED || episode.status == Status.DECIDED) {
                return episode;
            }
        }
        return null;
    }

    private void emitClosedFront() {
        while (!pending.isEmpty() && !pending.get(0).status.open()) {
            deliver(pending.remove(0));
        }
    }

    private void deliver(Episode episode) {
        if (episode.status.open() || !episode.lastEventDate.isBefore(first)) {
            delivered.accept(episode);
        }
    }

    /** The episode's row of {@code episodes.csv}, in the codebook's column order; {@code last} ends the half-year. */
    static List<String> row(Episode e, LocalDate last) {
        return List.of(e.id, e.subject, e.subjectKey, e.area, e.code, text(e.serviceClass), text(e.statutory),
                e.status.code(), Boolean.toString(e.status.open()), text(e.referralDate), text(e.decisionDate),
                text(e.plannedStart), text(e.plannedEnd), text(e.startDate), text(e.endDate),
                text(e.durationDays(last)), text(e.costEur), text(e.funding), Integer.toString(e.events),
                e.firstEventDate.toString(), e.lastEventDate.toString(), String.join(";", e.flags));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
