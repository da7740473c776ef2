package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The hints RuleCompiler's errors carry, on real Drools builds. */
class RuleHintsTest {
    static final String HEAD = "package test.rules;\n\nimport fi.tutka.facts.Decision;\n\n"
            + "global fi.tutka.facts.Result result;\n\n";

    static String compileError(String... namesAndTexts) {
        TutkaException e = catchThrowableOfType(TutkaException.class,
                () -> RuleCompiler.compile(List.of(RuleCompilerTest.source(namesAndTexts))));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.RULES_COMPILE);
        return e.getMessage();
    }

    @Test
    void theEngineErrorCarriesTheHintAtTheMistakesOwnColumn() {
        String rule = HEAD + "rule \"Older\"\nwhen\n    Decision( age >= 55, unemploymentMonth > 3 )\nthen\n"
                + "    result.tag(\"older\", \"true\");\nend\n";

        assertThat(compileError("older.drl", rule)).isEqualTo("RULES_COMPILE: 1 error(s) in rules from test:\n"
                + "older.drl:9:26: Unable to Analyse Expression unemploymentMonth > 3: unable to resolve method "
                + "using strict-mode: fi.tutka.facts.Decision.unemploymentMonth() hint: Decision has no field "
                + "'unemploymentMonth'; did you mean 'unemploymentMonths'? Its fields: age, area, benefitType, "
                + "birthYear, cost, decisionDate, educationLevel, endDate, eventType, funding, jobseekerStatus, "
                + "languageGroup, localDate, monthsSinceGraduation, municipality, serviceCode, startDate, temporaryId, "
                + "unemploymentDays, unemploymentMonths, unemploymentStart");
    }

    @Test
    void aMisspeltImportIsPlacedOnItsOwnLineAndItsEchoIsLeftOut() {
        String rule = "package test.rules;\n\nimport fi.tutka.facts.Desicion;\n\nrule \"Any\"\nwhen\n"
                + "    Decision()\nthen\nend\n";

        assertThat(compileError("any.drl", rule)).isEqualTo("RULES_COMPILE: 2 error(s) in rules from test:\n"
                + "any.drl:3:8: Error importing : 'fi.tutka.facts.Desicion' hint: there is no class 'Desicion' in "
                + "fi.tutka.facts; did you mean 'Decision'? It holds ClientAllocation, Decision, ResearchClass, "
                + "Result, ServiceClass, TrialCheck\n"
                + "any.drl:7:5: Unable to resolve ObjectType 'Decision' hint: Decision is a fact, but this file does "
                + "not import it: add 'import fi.tutka.facts.Decision;' below the package line");
    }

    @Test
    void aDateComparedWithANumberIsAnErrorNotACrash() {
        // Drools throws a bare RuntimeException ("Cannot extract timestamp from 2024") for this.
        String rule = HEAD + "rule \"Ended\"\nwhen\n    Decision( endDate < 2026-06-30 )\nthen\nend\n";

        assertThat(compileError("ended.drl", rule)).isEqualTo("RULES_COMPILE: 1 error(s) in rules from test:\n"
                + "ended.drl:9:25: Cannot extract timestamp from 1990 hint: endDate is a date, and 2026-06-30 "
                + "without quotes is the number 1990: compare it with a date, endDate < "
                + "java.time.LocalDate.parse(\"2026-06-30\")");
    }

    @Test
    void aMistakeInATableIsReportedOnceAtItsCell() {
        String table = "RuleSet,test.tables\nImport,\"fi.tutka.facts.Decision, fi.tutka.facts.ServiceClass\"\n"
                + "RuleTable Codes\nCONDITION,ACTION\nDecision,\n"
                + "\"serviceCode == \"\"$param\"\"\",\"insert(new ServiceClas(\"\"$param\"\"));\"\nCode,Class\n"
                + "PT50,pay_subsidy_50\nPT70,pay_subsidy_70\nPT100,pay_subsidy_100\n";

        assertThat(compileError("codes.csv", table)).isEqualTo("RULES_COMPILE: 1 error(s) in rules from test:\n"
                + "codes.csv:6:29: Rule Compilation error ServiceClas cannot be resolved to a type (and 2 more rows "
                + "like it) hint: cell B6 (ACTION): there is no type 'ServiceClas'; did you mean 'ServiceClass' "
                + "(fi.tutka.facts.ServiceClass)?");
    }

    @Test
    void aMistakeInASpreadsheetIsAtItsRowAndColumnNumber() throws IOException {
        String[][] rows = {{"RuleSet", "test.sheets"}, {"Import", "fi.tutka.facts.Decision, fi.tutka.facts.ServiceClass"},
            {}, {"RuleTable Codes"}, {"CONDITION", "CONDITION", "ACTION"}, {"Decision", "Decision", ""},
            {"area == \"$param\"", "serviceKode == \"$param\"", "insert(new ServiceClass(\"$param\"));"},
            {"Area", "Code", "Class"}, {"179", "PT50", "pay_subsidy_50"}, {"179", "PT70", "pay_subsidy_70"}};
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            var sheet = workbook.createSheet("Codes");
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            workbook.write(xlsx);
        }
        RuleSource source = new RuleSource() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<RuleResource> resources() {
                return List.of(new RuleResource("codes.xlsx", xlsx.toByteArray()));
            }
        };

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> RuleCompiler.compile(List.of(source)));

        assertThat(e.getMessage()).startsWith("RULES_COMPILE: 1 error(s) in rules from test:\n"
                + "codes.xlsx:7:2: Unable to Analyse Expression serviceKode == \"PT50\": unable to resolve method "
                + "using strict-mode: fi.tutka.facts.Decision.serviceKode() (and 1 more row like it) hint: cell B7 "
                + "(CONDITION): Decision has no field 'serviceKode'; did you mean 'serviceCode'? Its fields: age, ");
    }

    @Test
    void theClosestNameIsASlipOfTheKeyboardOrNothing() {
        assertThat(RuleHints.distance("unemploymentMonth", "unemploymentMonths")).isEqualTo(1);
        assertThat(RuleHints.distance("Decisoin", "Decision")).isEqualTo(1);
        assertThat(RuleHints.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(RuleHints.distance("", "tag")).isEqualTo(3);
        assertThat(RuleHints.closest("tags", List.of("classify", "flag", "hasTag", "tag"))).contains("tag");
        assertThat(RuleHints.closest("Age", List.of("age", "area"))).contains("age");
        assertThat(RuleHints.closest("age", List.of("area", "cost"))).isEmpty();
        assertThat(RuleHints.closest("salary", List.of("age", "area", "cost"))).isEmpty();
    }

    @Test
    void trialProblemsArePlacedAtTheirPointerAndRule() {
        String definition = "{\n  \"id\": \"t\",\n  \"arms\": [\n    {\"name\": \"a\"},\n"
                + "    {\"name\": \"b\", \"weight\": -1}\n  ]\n}\n";
        String eligibility = "package p;\n\nrule \"t: any\"\nwhen\nthen\nend\n";
        List<RuleResource> files = List.of(RuleResource.ofText("trials/t.trial.json", definition),
                RuleResource.ofText("trials/t.drl", eligibility));

        assertThat(RuleHints.located(List.of("trials/t.trial.json: /arms/1/weight: must be at least 1",
                "trials/t.trial.json: /arms: weights sum to 9000, not 10000",
                "trials/t.drl: rule 't: any' does not match TrialCheck(trialId == \"t\")",
                "trials/t.trial.json: is not valid JSON: Unexpected char (line 2, column 9)",
                "no rule files (.drl, .csv, .xlsx) in test"), files)).containsExactly(
                "trials/t.trial.json:5:19: /arms/1/weight: must be at least 1",
                "trials/t.trial.json:3:3: /arms: weights sum to 9000, not 10000",
                "trials/t.drl:3:1: rule 't: any' does not match TrialCheck(trialId == \"t\")",
                "trials/t.trial.json:2:9: is not valid JSON: Unexpected char (line 2, column 9)",
                "no rule files (.drl, .csv, .xlsx) in test");
    }
}
