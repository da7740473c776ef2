package fi.tutka.bench;

import fi.tutka.delivery.DeliveryBuilder;
import fi.tutka.delivery.Recipient;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Pseudonymizer;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.sample.SampleRecipient;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.VaultEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The delivery build at scale: writes {@code N} synthetic service-event records of area 179 in 2026H1 (clients with
 * service paths of decision, start and end, some referrals and cancellations, and 1 % of lines written twice), fills
 * an identity vault for their clients, then builds the delivery and prints the time, the rate and the heap's peak.
 * Run it with a small fixed heap to show the build's memory is bounded:
 *
 * <pre>
 * java -Xmx256m -cp bench/target/benchmarks.jar fi.tutka.bench.DeliveryLoad /tmp/delivery-load 5000000
 * </pre>
 *
 * Records are generated once per folder and reused by later runs.
 */
public final class DeliveryLoad {
    private static final String[] CODES = {"KT1", "PT50", "VALM", "THK", "NS-9", "KOUL"};
    private static final String[] CLASSES = {"work_trial", "pay_subsidy_50", "coaching", "job_search_discussion",
        null, "labour_market_training"};
    private static final HmacKey KEY = new HmacKey("179-load", "Tutka delivery load run, not secret"
            .getBytes(StandardCharsets.US_ASCII));
    private static final int EVENTS_PER_CLIENT = 25;

    private DeliveryLoad() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DeliveryLoad FOLDER RECORDS");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        Path records = folder.resolve("records-" + count);
        int clients = (int) Math.max(1, count / EVENTS_PER_CLIENT);
        StaticKeyProvider keys = StaticKeyProvider.of(KEY);
        Path vaultFile = folder.resolve("vault-" + count + "/identities");
        if (!Files.isDirectory(records)) {
            long start = System.nanoTime();
            Files.createDirectories(records);
            long written = write(records.resolve("tutka-records.jsonl"), count, clients);
            try (JdbcIdentityVault vault = JdbcIdentityVault.open(JdbcIdentityVaultFactory.h2FileUrl(vaultFile),
                    null, null, keys)) {
                fillVault(vault, clients);
            }
            System.out.printf(Locale.ROOT, "generated %,d lines for %,d clients in %.1f s%n", written, clients,
                    (System.nanoTime() - start) / 1e9);
        }
        SampleRecipient.Paths recipient = SampleRecipient.write(folder.resolve("recipient"), Clock.systemUTC());
        Path output = Files.createDirectories(folder.resolve("deliveries"));
        long bytes = Files.size(records.resolve("tutka-records.jsonl"));
        try (JdbcIdentityVault vault = JdbcIdentityVault.open(JdbcIdentityVaultFactory.h2FileUrl(vaultFile), null,
                null, keys)) {
            long start = System.nanoTime();
            DeliveryBuilder.Result result = DeliveryBuilder.builder().records(records).area("179").period(2026, 1)
                    .output(output).identityVault(vault)
                    .recipient(Recipient.load(recipient.certificate(), Clock.systemUTC()))
                    .progress(new Steps(start)).build().write();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "records read %,d (%,.0f MB), events %,d, episodes %,d, linkage %,d, "
                    + "duplicates %,d%n", result.recordsRead(), bytes / 1e6, result.eventsWritten(),
                    result.episodesWritten(), result.linkageRows(), result.duplicatesDropped());
            System.out.printf(Locale.ROOT, "built in %.1f s: %,.0f records/s, %.1f MB/s of records; max heap %d MB, "
                    + "peak heap used %d MB%n", seconds, result.recordsRead() / seconds, bytes / 1e6 / seconds,
                    Runtime.getRuntime().maxMemory() >> 20, peakHeap() >> 20);
        }
    }

    /** One client's service paths, then the next client's: times spread over the half-year. */
    private static long write(Path file, long count, int clients) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        Pseudonymizer pseudonyms = new Pseudonymizer(KEY);
        Instant first = Instant.parse("2026-01-01T06:00:00Z");
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int client = 0;
            while (written < count) {
                String subject = pseudonyms.hex(identityCode(client % clients));
                long day = random.nextInt(150);
                for (int e = 0; e < EVENTS_PER_CLIENT && written < count; ) {
                    int service = random.nextInt(CODES.length);
                    List<String> types = new ArrayList<>();
                    if (random.nextInt(4) == 0) {
                        types.add("referral");
                    }
                    types.add("decision");
                    types.add(random.nextInt(10) == 0 ? "cancellation" : "start");
                    if (types.get(types.size() - 1).equals("start") && random.nextInt(3) > 0) {
                        types.add("end");
                    }
                    LocalDate start = LocalDate.of(2026, 1, 1).plusDays(day + 7);
                    for (String type : types) {
                        Instant time = first.plusSeconds(day * 86_400 + random.nextInt(36_000));
                        String line = record("r-" + written, time, subject, type, service, start,
                                start.plusDays(90), random);
                        out.write(line);
                        if (random.nextInt(100) == 0) {
                            out.write(line); // re-sent: one row in the delivery
                        }
                        written++;
                        e++;
                        day = Math.min(180, day + 1 + random.nextInt(6));
                    }
                }
                client++;
            }
        }
        return written;
    }

    private static String record(String id, Instant time, String subject, String type, int service,
            LocalDate start, LocalDate end, SplittableRandom random) {
        LocalDate date = time.atOffset(ZoneOffset.ofHours(2)).toLocalDate();
        String serviceClass = CLASSES[service];
        StringBuilder json = new StringBuilder(1300);
        json.append("{\"id\":\"").append(id).append("\",\"source\":\"urn:tutka:area:179\",\"specversion\":\"1.0\","
                + "\"type\":\"fi.tutka.service-event.v1\",\"time\":\"").append(time).append("\",\"subject\":\"")
                .append(subject).append("\",\"dataschema\":\"urn:tutka:schema:service-event:1.0\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"schema_version\":\"1.0\",\"ruleset_version\":"
                + "\"2026.12+d341d47b589e\",\"engine_version\":\"0.1.0-SNAPSHOT\",\"area\":\"179\",\"subject_key\":\"")
                .append(KEY.id()).append("\",\"period\":\"2026H1\",\"event_type\":\"").append(type)
                .append("\",\"local_service_code\":\"").append(CODES[service]).append('"');
        if (serviceClass != null) {
            json.append(",\"service_class\":\"").append(serviceClass).append("\",\"statutory\":true");
        }
        json.append(",\"decision_local_date\":\"").append(date).append("\",\"decision_date\":\"").append(date)
                .append('"');
        if (!type.equals("referral")) {
            json.append(",\"start_date\":\"").append(start).append("\",\"end_date\":\"").append(end).append('"');
        }
        if (type.equals("decision")) {
            json.append(",\"cost_eur\":").append(500 + random.nextInt(9_000)).append(".00,\"funding\":\"state\"");
        }
        json.append(",\"municipality\":\"179\",\"jobseeker_status\":\"02\",\"birth_year\":1990,\"age_at_decision\":"
                + "36,\"unemployment_days\":").append(random.nextInt(700)).append(",\"education_level\":\"3\","
                + "\"language_group\":\"fi\",\"benefit_type\":\"labour_market_subsidy\",\"temporary_id\":true,"
                + "\"tags\":{\"regime.service_model_2026\":\"post\",\"regime.te_reform_2025\":\"post\","
                + "\"running_days.service_model_2026\":\"").append(date.getDayOfYear() - 1).append("\",\"statutory_"
                + "basis\":\"380/2023\"},\"quality_flags\":").append(serviceClass == null
                ? "[\"unknown_service_code\"]" : "[]").append("}}\n");
        return json.toString();
    }

    private static void fillVault(JdbcIdentityVault vault, int clients) {
        Pseudonymizer pseudonyms = new Pseudonymizer(KEY);
        List<VaultEntry> batch = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            String code = identityCode(client);
            batch.add(new VaultEntry("179", KEY.id(), pseudonyms.hex(code), code));
            if (batch.size() == 1_000) {
                vault.remember(batch);
                batch.clear();
            }
        }
        vault.remember(batch);
    }

    /** A distinct valid temporary identity code per client: individual numbers 900-999, birth dates from 1950. */
    private static String identityCode(int client) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(client / 100);
        int individual = 900 + client % 100;
        char sign = birth.getYear() < 2000 ? '-' : 'A';
        return String.format(Locale.ROOT, "%02d%02d%02d%c%03d%c", birth.getDayOfMonth(), birth.getMonthValue(),
                birth.getYear() % 100, sign, individual, IdentityCode.checkCharacter(birth, individual));
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** A line per step with the time since the start. */
    private record Steps(long start) implements DeliveryBuilder.Progress {
        @Override
        public void step(String step) {
            System.out.printf(Locale.ROOT, "%7.1f s  %s%n", (System.nanoTime() - start) / 1e9, step);
        }

        @Override
        public void read(long records, long bytes, long totalBytes) {
        }
    }
}
