package fi.tutka.internal;

import fi.tutka.internal.DrlText.Block;
import fi.tutka.internal.DrlText.Kind;
import fi.tutka.internal.DrlText.Token;
import fi.tutka.spi.RuleResource;
import fi.tutka.trials.TrialDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.compiler.compiler.ImportError;
import org.drools.compiler.compiler.RuleBuildError;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.ParserError;
import org.kie.api.io.Resource;
import org.kie.internal.builder.KnowledgeBuilderResult;

/**
 * Drools' build errors as rule authors can act on them: each as {@code file:line:column: message hint: ...}, with
 * the line and column of the mistake itself (columns count from 1; 0 when unknown), Drools' message without its
 * internal detail, and a hint in plain language when the mistake is a common one: a fact type, field, method or
 * global that does not exist (with the names that do, and the closest one), a rule without {@code end} or
 * {@code then}, a parenthesis left open, a decision table's column that names nothing. A decision table's errors are
 * placed at the cell they come from, not at the DRL Drools generated from the table, and a mistake that every row
 * of a table repeats is reported once.
 */
public final class RuleHints {
    private static final String NULL_PACKAGE = "Parser returned a null Package";
    private static final Pattern ERR_LINE = Pattern.compile("^(\\[ERR \\d+\\] )Line \\d+:\\d+ ");
    private static final Pattern IN_RULE = Pattern.compile(" in rule \"(.*)\"");
    private static final Pattern ANALYSE = Pattern.compile("^Unable to Analyse Expression (.*?):\\s*\\[Error: ",
            Pattern.DOTALL);
    private static final Pattern STRICT = Pattern.compile(
            "unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(([^)]*)\\)");
    private static final Pattern COMPARISON = Pattern.compile(
            "Comparison operation requires compatible types\\. Found (.+?) and (.+?)\\]");
    private static final Pattern OBJECT_TYPE = Pattern.compile("^Unable to resolve ObjectType '([\\w.$]+)'");
    private static final Pattern IMPORT = Pattern.compile("^Error importing : '([\\w.$*]+)'");
    private static final Pattern IMPORT_ECHO = Pattern.compile("Only a type can be imported\\. ([\\w.$]+) resolves");
    private static final Pattern GLOBAL_CLASS = Pattern.compile("^Unable to find class '([\\w.$]+)'");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate rule name: (.+)$");
    private static final Pattern COMPILATION = Pattern.compile("^Rule Compilation error (.*)$", Pattern.DOTALL);
    private static final Pattern UNDEFINED = Pattern.compile(
            "The method (\\w+)\\(([^)]*)\\) is undefined for the type (\\w+)");
    private static final Pattern NOT_APPLICABLE = Pattern.compile(
            "The method (\\w+)\\(([^)]*)\\) in the type (\\w+) is not applicable for the arguments \\(([^)]*)\\)");
    private static final Pattern UNRESOLVED = Pattern.compile("^(\\w+) cannot be resolved( to a variable)?$");
    private static final Pattern UNRESOLVED_TYPE = Pattern.compile("^(\\w+) cannot be resolved to a type$");
    private static final Pattern INSERT = Pattern.compile("^Syntax error, insert \"(.+?)\" to complete \\w+$");
    private static final Pattern TIMESTAMP = Pattern.compile("^Cannot extract timestamp from (.+)$");
    private static final Pattern CELL = Pattern.compile("in cell ([A-Z]+)(\\d+)");
    private static final Pattern TABLE_FILE_PREFIX = Pattern.compile("^\\[[^\\]]*\\] ");
    private static final Pattern JSON_LOCATION = Pattern.compile("\\(line (\\d+), column (\\d+)\\)$");
    private static final Pattern TRIAL_RULE = Pattern.compile("^rule '(.*?)' ");
    private static final Set<String> OPERATORS = Set.of("&&", "||", "==", "!=", ">=", "<=", ">", "<", ",", "+",
            "-", "*", "/", "!", "matches", "contains", "memberOf", "in", "not");

    /** One problem; {@code order} sorts the rows of a table that repeat one mistake. */
    private record Problem(String file, int line, int column, String message, String hint, boolean tableRow,
            int order) {
        String text() {
            return file + ":" + line + ":" + column + ": " + message + (hint == null ? "" : " hint: " + hint);
        }

        String group() {
            return tableRow ? file + ":" + line + ":" + column + "|" + hint : text();
        }
    }

    /** A file that errors point into, read once per call. */
    private record Source(String name, byte[] bytes, DrlText drl, TableText table) {
    }

    private RuleHints() {
    }

    /**
     * Every build error, in file order and by line, each once, as {@code file:line:column: message} with a hint
     * when there is one. Drools' echo of a syntax error ("Parser returned a null Package") is left out.
     *
     * @param files every rule file of the build, for hints that name another file (a rule's namesake)
     */
    public static List<String> describe(Collection<? extends KnowledgeBuilderResult> errors,
            List<RuleResource> files) {
        Map<Resource, Source> sources = new IdentityHashMap<>();
        Map<String, Integer> fileOrder = new HashMap<>();
        Set<String> failedImports = new HashSet<>();
        for (KnowledgeBuilderResult error : errors) {
            if (error instanceof ImportError) {
                Matcher imported = IMPORT.matcher(clean(error.getMessage()));
                if (imported.find()) {
                    failedImports.add(fileName(error) + "|" + imported.group(1));
                }
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (KnowledgeBuilderResult error : errors) {
            String raw = String.valueOf(error.getMessage()).strip();
            if (raw.equals(NULL_PACKAGE)) {
                continue;
            }
            Matcher echo = IMPORT_ECHO.matcher(raw);
            if (echo.find() && failedImports.contains(fileName(error) + "|" + echo.group(1))) {
                continue;
            }
            fileOrder.putIfAbsent(fileName(error), fileOrder.size());
            try {
                Source source = error.getResource() == null ? null
                        : sources.computeIfAbsent(error.getResource(), r -> source(fileName(error), r));
                problems.add(problem(error, source, files));
            } catch (RuntimeException unforeseen) {
                // A hint must never hide the error it is for.
                problems.add(plain(error));
            }
        }
        problems.sort(Comparator.<Problem>comparingInt(p -> fileOrder.get(p.file())).thenComparingInt(Problem::line)
                .thenComparingInt(Problem::column).thenComparingInt(Problem::order));
        Map<String, List<Problem>> grouped = new LinkedHashMap<>();
        for (Problem problem : problems) {
            grouped.computeIfAbsent(problem.group(), g -> new ArrayList<>()).add(problem);
        }
        List<String> lines = new ArrayList<>();
        for (List<Problem> group : grouped.values()) {
            Problem first = group.get(0);
            int more = group.size() - 1;
            lines.add(more == 0 ? first.text() : new Problem(first.file(), first.line(), first.column(),
                    first.message() + " (and " + more + " more row" + (more == 1 ? "" : "s") + " like it)",
                    first.hint(), false, 0).text());
        }
        return lines;
    }

    /**
     * An exception Drools threw while reading a file, where it should have reported an error (a decision table
     * without its {@code RuleTable} cell, a date compared with a number), as {@code file:line:column: message}.
     */
    public static String failure(String file, byte[] content, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : TABLE_FILE_PREFIX.matcher(clean(e.getMessage())).replaceFirst("");
        try {
            String text = new String(content, StandardCharsets.UTF_8);
            return (TableText.isTable(file) ? tableFailure(file, content, message)
                    : drlFailure(file, new DrlText(text), message)).text();
        } catch (RuntimeException unforeseen) {
            return new Problem(file, 0, 0, message, null, false, 0).text();
        }
    }

    /**
     * Problems reported as {@code file: what} (trial definitions, by JSON pointer, and their eligibility rules), as
     * {@code file:line:column: what}: at the pointer's key or value, or at the rule; with a hint when a trial's
     * eligibility file is missing but one by another name matches its {@code TrialCheck}. Other lines are kept.
     */
    public static List<String> located(List<String> problems, List<RuleResource> files) {
        Map<String, RuleResource> byName = new HashMap<>();
        for (RuleResource file : files) {
            byName.put(file.name(), file);
        }
        List<String> located = new ArrayList<>(problems.size());
        for (String problem : problems) {
            try {
                located.add(located(problem, byName, files));
            } catch (RuntimeException unforeseen) {
                located.add(problem);
            }
        }
        return located;
    }

    private static String located(String problem, Map<String, RuleResource> byName, List<RuleResource> files) {
        int colon = problem.indexOf(": ");
        RuleResource file = colon < 0 ? null : byName.get(problem.substring(0, colon));
        if (file == null) {
            return problem;
        }
        String name = file.name();
        String what = problem.substring(colon + 2);
        String text = new String(file.content(), StandardCharsets.UTF_8);
        int[] at = {1, 1};
        String hint = null;
        if (name.endsWith(TrialDefinition.SUFFIX)) {
            Matcher json = JSON_LOCATION.matcher(what);
            if (what.startsWith("/")) {
                int end = what.indexOf(' ');
                String pointer = what.substring(0, end < 0 ? what.length() : end).replaceAll(":$", "");
                int offset = JsonPositions.offset(text, pointer);
                at = new DrlText(text).position(Math.max(0, offset));
            } else if (what.startsWith("is not valid JSON") && json.find()) {
                at = new int[] {Integer.parseInt(json.group(1)), Integer.parseInt(json.group(2))};
            } else if (what.startsWith("the eligibility rules are missing")) {
                hint = eligibilityHint(name, files);
            } else if (what.equals("is given twice")) {
                hint = "two rule sources hold a file of this name: if this folder is a copy of the bundled "
                        + "pack, load it without the pack (setting 'tutka.rules=none', or tutka rules validate "
                        + "--no-bundled)";
            }
        } else {
            Matcher rule = TRIAL_RULE.matcher(what);
            if (rule.find()) {
                Optional<Block> block = new DrlText(text).rule(rule.group(1));
                if (block.isPresent()) {
                    at = new int[] {block.get().start().line(), block.get().start().column()};
                }
            }
        }
        return name + ":" + at[0] + ":" + at[1] + ": " + what + (hint == null ? "" : " hint: " + hint);
    }

    // ---------------------------------------------------------------------------------------------------------
    // DRL

    /** The error as Drools gives it: its line, its column when it has one, its message. */
    private static Problem plain(KnowledgeBuilderResult error) {
        int[] lines = error.getLines();
        int line = lines != null && lines.length > 0 ? Math.max(lines[0], 0) : 0;
        int column = error instanceof ParserError parserError && line > 0 ? parserError.getCol() + 1 : 0;
        return new Problem(fileName(error), line, column, clean(error.getMessage()), null, false, 0);
    }

    private static Problem problem(KnowledgeBuilderResult error, Source source, List<RuleResource> files) {
        Problem plain = plain(error);
        String file = plain.file();
        int line = plain.line();
        int column = plain.column();
        String message = plain.message();
        if (source == null) {
            return plain;
        }
        if (source.table() != null) {
            return tableProblem(error, source, line, message);
        }
        DrlText drl = source.drl();
        if (error instanceof ParserError) {
            return parserProblem(file, drl, line, column, message, files, source);
        }
        String raw = String.valueOf(error.getMessage());
        BaseDescr descr = error instanceof DescrBuildError d ? d.getDescr() : null;
        String ruleName = ruleName(error);
        Optional<Block> block = ruleName != null ? drl.rule(ruleName) : drl.blockAt(line);
        Matcher matcher;
        if ((matcher = OBJECT_TYPE.matcher(message)).find()) {
            String type = matcher.group(1);
            int[] at = wordFrom(drl, descr, line, type);
            return new Problem(file, at[0], at[1], message, objectTypeHint(type, imports(drl), null), false, 0);
        }
        if ((matcher = STRICT.matcher(raw)).find()) {
            String member = matcher.group(2);
            Matcher expression = ANALYSE.matcher(raw);
            int[] at = wordIn(drl, descr, line, expression.find() ? expression.group(1).strip() : "", member);
            return new Problem(file, at[0], at[1], message, memberHint(matcher.group(1), member, matcher.group(3)),
                    false, 0);
        }
        if ((matcher = COMPARISON.matcher(raw)).find()) {
            Matcher expression = ANALYSE.matcher(raw);
            String text = expression.find() ? expression.group(1).strip() : "";
            int[] at = expressionIn(drl, block, text, line);
            return new Problem(file, at[0], at[1], message, comparisonHint(text, matcher.group(1),
                    matcher.group(2)), false, 0);
        }
        if ((matcher = IMPORT.matcher(message)).find()) {
            String imported = matcher.group(1);
            int[] at = importAt(drl, imported, line);
            return new Problem(file, at[0], at[1], message, importHint(imported), false, 0);
        }
        if ((matcher = GLOBAL_CLASS.matcher(message)).find()) {
            String type = matcher.group(1);
            int[] at = wordOnLine(drl, line, type);
            return new Problem(file, at[0], at[1], message, globalClassHint(type), false, 0);
        }
        if ((matcher = COMPILATION.matcher(message)).find() && block.isPresent()) {
            return actionProblem(file, drl, block.get(), matcher.group(1), message);
        }
        if (descr != null && descr.getLine() > 0) {
            return new Problem(file, descr.getLine(), descr.getColumn() + 1, message, null, false, 0);
        }
        return plain;
    }

    private static Problem parserProblem(String file, DrlText drl, int line, int column, String message,
            List<RuleResource> files, Source source) {
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            String name = duplicate.group(1).strip();
            int[] at = wordOnLine(drl, line, "rule");
            return new Problem(file, at[0], at[1], message, duplicateHint(name, file, source, line, files),
                    false, 0);
        }
        Matcher inRule = IN_RULE.matcher(message);
        Optional<Block> block = inRule.find() ? drl.rule(inRule.group(1)) : drl.blockAt(line);
        String hint = block.map(RuleHints::structureHint).orElse(null);
        if (hint == null) {
            hint = operatorHint(drl, line, column);
        }
        return new Problem(file, line, column, message, hint, false, 0);
    }

    /** A rule without {@code end} or {@code then}, or with a parenthesis that nothing closes (or opens). */
    private static String structureHint(Block block) {
        String rule = block.keyword() + " \"" + block.name() + "\" (line " + block.start().line() + ")";
        if (block.end() == null) {
            boolean noThen = block.then() == null && block.keyword().equals("rule");
            String missing = noThen ? "neither 'then' nor 'end'" : "no 'end'";
            String fix = noThen ? ": write 'then' before its actions and 'end' after them"
                    : ": write 'end' after its actions";
            return rule + " has " + missing + (block.next() == null ? "" : " before the " + block.next().text()
                    + " on line " + block.next().line()) + fix;
        }
        if (block.keyword().equals("rule") && block.then() == null) {
            return rule + " has no 'then': write 'then' on a line of its own between its conditions and its "
                    + "actions";
        }
        if (!block.unclosed().isEmpty()) {
            Token open = block.unclosed().get(0);
            return "the '(' on line " + open.line() + ", column " + open.column() + " is not closed: add ')' where "
                    + "its conditions end";
        }
        if (!block.unopened().isEmpty()) {
            Token close = block.unopened().get(0);
            return "the ')' on line " + close.line() + ", column " + close.column() + " closes nothing: remove it, "
                    + "or add the '(' it belongs to";
        }
        return null;
    }

    /** {@code Decision( age < 25 && )}: an operator with nothing after it. */
    private static String operatorHint(DrlText drl, int line, int column) {
        if (line <= 0) {
            return null;
        }
        Optional<Token> at = drl.tokenAt(line, column);
        if (at.isEmpty() || !(at.get().is(")") || at.get().is(","))) {
            return null;
        }
        Optional<Token> before = drl.before(at.get());
        if (before.isPresent() && before.get().kind() != Kind.STRING && OPERATORS.contains(before.get().text())) {
            return "'" + before.get().text() + "' must be followed by " + (before.get().is(",")
                    ? "another condition" : "a value or a condition") + " before '" + at.get().text() + "'";
        }
        return null;
    }

    private static String duplicateHint(String name, String file, Source self, int line, List<RuleResource> files) {
        String ownPackage = packageOf(self.drl());
        for (Block block : self.drl().blocks()) {
            if (name.equals(block.name()) && block.start().line() != line) {
                return "rule \"" + name + "\" is also on line " + block.start().line() + " of this file: rule "
                        + "names must be unique within a package (" + ownPackage + "); rename one of them";
            }
        }
        for (RuleResource other : files) {
            if (!other.name().toLowerCase(Locale.ROOT).endsWith(".drl")
                    || other.name().equals(file) && Arrays.equals(other.content(), self.bytes())) {
                continue;
            }
            DrlText drl = new DrlText(new String(other.content(), StandardCharsets.UTF_8));
            Optional<Block> namesake = drl.rule(name);
            if (namesake.isPresent() && packageOf(drl).equals(ownPackage)) {
                if (other.name().equals(file)) {
                    return "rule \"" + name + "\" is also in " + file + " of another rule source, in the same "
                            + "package (" + ownPackage + "): rename it, or, if this folder is a copy of that one, "
                            + "load only one of them (the setting 'tutka.rules=none' leaves out the bundled pack)";
                }
                return "rule \"" + name + "\" is also in " + other.name() + " (line " + namesake.get().start().line()
                        + "), in the same package (" + ownPackage + "): rule names must be unique within a package; "
                        + "rename one of them";
            }
        }
        return "rule names must be unique within a package (" + ownPackage + "): rename one of the two";
    }

    /** A mistake in a rule's actions (after {@code then}), which Drools compiles as Java. */
    private static Problem actionProblem(String file, DrlText drl, Block block, String java, String message) {
        int from = block.then() != null ? block.then().offset() + 4 : block.start().offset();
        int to = block.stop(drl.text().length());
        List<Token> actions = drl.tokens(from, to);
        Token first = actions.isEmpty() ? block.start() : actions.get(0);
        Matcher matcher;
        if ((matcher = UNDEFINED.matcher(java)).find()) {
            Token at = calledMethod(actions, matcher.group(1)).orElse(first);
            return new Problem(file, at.line(), at.column(), message, methodHint(matcher.group(3),
                    matcher.group(1), matcher.group(2)), false, 0);
        }
        if ((matcher = NOT_APPLICABLE.matcher(java)).find()) {
            Token at = calledMethod(actions, matcher.group(1)).orElse(first);
            return new Problem(file, at.line(), at.column(), message, matcher.group(3) + "." + matcher.group(1)
                    + " takes (" + matcher.group(2) + "), not (" + matcher.group(4) + ")", false, 0);
        }
        if ((matcher = UNRESOLVED.matcher(java)).find()) {
            String name = matcher.group(1);
            Token at = word(actions, name).orElse(first);
            return new Problem(file, at.line(), at.column(), message, unresolvedHint(name, globals(drl),
                    boundVariables(drl, block), false), false, 0);
        }
        if ((matcher = UNRESOLVED_TYPE.matcher(java)).find()) {
            String name = matcher.group(1);
            Token at = word(actions, name).orElse(first);
            return new Problem(file, at.line(), at.column(), message, typeHint(name, imports(drl), null), false, 0);
        }
        if ((matcher = INSERT.matcher(java)).find()) {
            Optional<int[]> at = missingAt(drl, actions, matcher.group(1));
            if (at.isPresent()) {
                String missing = matcher.group(1);
                return new Problem(file, at.get()[0], at.get()[1], message, missing.equals(";")
                        ? "the statement that ends here, in the actions of rule \"" + block.name() + "\", lacks its ';'"
                        : "a '(' on this line of the actions of rule \"" + block.name() + "\" is not closed: add '"
                                + missing + "'", false, 0);
            }
        }
        return new Problem(file, first.line(), first.column(), message, null, false, 0);
    }

    /** Where a {@code ;} or {@code )} the Java compiler asks for is missing: the end of the first line lacking it. */
    private static Optional<int[]> missingAt(DrlText drl, List<Token> actions, String missing) {
        Map<Integer, List<Token>> byLine = new LinkedHashMap<>();
        for (Token token : actions) {
            if (!token.is("end")) {
                byLine.computeIfAbsent(token.line(), l -> new ArrayList<>()).add(token);
            }
        }
        for (List<Token> line : byLine.values()) {
            Token last = line.get(line.size() - 1);
            int depth = 0;
            for (Token token : line) {
                depth += token.is("(") ? 1 : token.is(")") ? -1 : 0;
            }
            boolean lacking = missing.equals(";") ? depth == 0 && !(last.is(";") || last.is("{") || last.is("}"))
                    : missing.equals(")") && depth > 0;
            if (lacking) {
                int[] end = drl.position(last.offset() + last.text().length());
                return Optional.of(end);
            }
        }
        return Optional.empty();
    }

    private static Problem drlFailure(String file, DrlText drl, String message) {
        Matcher timestamp = TIMESTAMP.matcher(message);
        if (timestamp.find()) {
            String value = timestamp.group(1).strip();
            Map<String, Class<?>> dates = FactTypes.dateFields();
            List<Token> tokens = drl.tokens();
            for (int i = 0; i + 2 < tokens.size(); i++) {
                Token field = tokens.get(i);
                Token operator = tokens.get(i + 1);
                if (field.kind() != Kind.WORD || !dates.containsKey(field.text())
                        || !Set.of("==", "!=", ">=", "<=", ">", "<").contains(operator.text())) {
                    continue;
                }
                StringBuilder written = new StringBuilder();
                for (int j = i + 2; j < tokens.size() && !tokens.get(j).is(",") && !tokens.get(j).is(")")
                        && tokens.get(j).line() == operator.line(); j++) {
                    written.append(tokens.get(j).text());
                }
                String sum = arithmetic(written.toString());
                if (value.equals(sum)) {
                    Token at = tokens.get(i + 2);
                    String date = written.toString().matches("\\d{4}-\\d{1,2}-\\d{1,2}") ? written.toString()
                            : "2026-01-01";
                    String seen = written.toString().equals(value) ? written + " is a number"
                            : written + " without quotes is the number " + value;
                    return new Problem(file, at.line(), at.column(), message, field.text() + " is a date, and "
                            + seen + ": compare it with a date, " + field.text() + " " + operator.text()
                            + " java.time.LocalDate.parse(\"" + date + "\")", false, 0);
                }
            }
            return new Problem(file, 0, 0, message, "a date field is compared with the number " + value + ": "
                    + "compare it with a date, java.time.LocalDate.parse(\"2026-01-01\")", false, 0);
        }
        return new Problem(file, 0, 0, message, null, false, 0);
    }

    /** {@code 2026-01-01} as Drools reads it without quotes: 2024. Null when it is not such a sum. */
    private static String arithmetic(String text) {
        if (!text.matches("\\d+([-+]\\d+)*")) {
            return null;
        }
        Matcher term = Pattern.compile("([-+]?)(\\d+)").matcher(text);
        long sum = 0;
        while (term.find()) {
            long value = Long.parseLong(term.group(2));
            sum += term.group(1).equals("-") ? -value : value;
        }
        return Long.toString(sum);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Decision tables

    private static Problem tableProblem(KnowledgeBuilderResult error, Source source, int line, String message) {
        String file = source.name();
        TableText table = source.table();
        Optional<TableText.Origin> found = table.origin(ruleName(error), line);
        if (found.isEmpty()) {
            return new Problem(file, 0, 0, message, null, false, 0);
        }
        TableText.Origin origin = found.get();
        String raw = String.valueOf(error.getMessage());
        String java = "";
        Matcher compilation = COMPILATION.matcher(message);
        if (compilation.find()) {
            java = compilation.group(1);
        }
        Matcher matcher;
        int row = origin.row();
        Optional<Integer> column = Optional.empty();
        String hint = null;
        if ((matcher = OBJECT_TYPE.matcher(message)).find()) {
            String type = matcher.group(1);
            row = origin.objectRow();
            column = table.findWord(row, type);
            hint = objectTypeHint(type, tableImports(table), importCell(table));
        } else if ((matcher = STRICT.matcher(raw)).find()) {
            String member = matcher.group(2);
            column = table.findWord(origin.snippetRow(), member);
            if (column.isPresent()) {
                row = origin.snippetRow();
                hint = memberHint(matcher.group(1), member, matcher.group(3));
            } else {
                column = table.findWord(origin.row(), member);
                hint = column.isPresent() ? "'" + member + "' goes into the code of its column (cell "
                        + TableText.reference(origin.snippetRow(), column.get()) + ") as it is, where it is not a "
                        + "value: quote it there (\"$param\"), or write a value of the field's type" : null;
            }
        } else if ((matcher = COMPARISON.matcher(raw)).find()) {
            Matcher expression = ANALYSE.matcher(raw);
            String text = expression.find() ? expression.group(1).strip() : "";
            Matcher field = Pattern.compile("^\\s*([\\w$]+)").matcher(text);
            row = origin.snippetRow();
            column = field.find() ? table.findWord(row, field.group(1)) : Optional.empty();
            hint = comparisonHint(text, matcher.group(1), matcher.group(2));
        } else if ((matcher = UNDEFINED.matcher(java)).find()) {
            row = origin.snippetRow();
            column = table.findWord(row, matcher.group(1));
            hint = methodHint(matcher.group(3), matcher.group(1), matcher.group(2));
        } else if ((matcher = UNRESOLVED.matcher(java)).find()) {
            row = origin.snippetRow();
            column = table.findWord(row, matcher.group(1));
            hint = unresolvedHint(matcher.group(1), tableGlobals(table), List.of(), true);
        } else if ((matcher = UNRESOLVED_TYPE.matcher(java)).find()) {
            row = origin.snippetRow();
            column = table.findWord(row, matcher.group(1));
            hint = typeHint(matcher.group(1), tableImports(table), importCell(table));
        }
        if (column.isEmpty() && error instanceof ParserError) {
            // A CONDITION without its fact type puts its code into the rule as a line of its own.
            for (int c = origin.headerColumn(); c <= table.columns(); c++) {
                if (table.cell(origin.keywordRow(), c).equalsIgnoreCase("CONDITION")
                        && table.cell(origin.objectRow(), c).isEmpty()
                        && !table.cell(origin.snippetRow(), c).isEmpty()) {
                    row = origin.objectRow();
                    column = Optional.of(c);
                    hint = "the fact type is missing: write the fact the code of cell "
                            + TableText.reference(origin.snippetRow(), c) + " is about (such as Decision) here; in a "
                            + "CSV table every CONDITION column names its own";
                    break;
                }
            }
        }
        if (column.isEmpty()) {
            row = origin.row();
            column = Optional.of(origin.headerColumn());
        }
        boolean header = row == origin.snippetRow() || row == origin.objectRow();
        if (hint != null && header) {
            String kind = table.cell(origin.keywordRow(), column.get()).toUpperCase(Locale.ROOT);
            hint = "cell " + TableText.reference(row, column.get()) + (kind.isEmpty() ? "" : " (" + kind + ")") + ": "
                    + hint;
        }
        int[] at = table.location(row, column.get());
        return new Problem(file, at[0], at[1], message, hint, header, origin.row());
    }

    private static Problem tableFailure(String file, byte[] content, String message) {
        TableText table = TableText.of(file, content);
        String lines = file.toLowerCase(Locale.ROOT).endsWith(".csv") ? "line" : "row";
        if (message.contains("No RuleTable cells")) {
            Optional<int[]> keywords = table.find(v -> v.equalsIgnoreCase("CONDITION") || v.equalsIgnoreCase("ACTION"));
            if (keywords.isEmpty()) {
                return new Problem(file, 1, 1, message, "a decision table needs a cell 'RuleTable <name>', the "
                        + "CONDITION and ACTION headers below it, then a row of fact types, a row of code, a row of "
                        + "labels and one row a rule", false, 0);
            }
            int[] cell = keywords.get();
            int[] at = table.location(cell[0], cell[1]);
            String where = cell[0] > 1 && table.cell(cell[0] - 1, cell[1]).isEmpty()
                    ? "write 'RuleTable <name>' in cell " + TableText.reference(cell[0] - 1, cell[1])
                    : "add a " + lines + " 'RuleTable <name>' above " + lines + " " + cell[0];
            return new Problem(file, at[0], at[1], message, "a decision table starts with a cell 'RuleTable "
                    + "<name>' right above its CONDITION and ACTION headers: " + where, false, 0);
        }
        Matcher reference = CELL.matcher(message);
        if (reference.find()) {
            int row = Integer.parseInt(reference.group(2));
            int column = 0;
            for (char c : reference.group(1).toCharArray()) {
                column = column * 26 + (c - 'A' + 1);
            }
            int[] at = table.location(row, column);
            String hint = null;
            for (int header = row - 1; header >= 1; header--) {
                if (table.cell(header, 1).regionMatches(true, 0, "RuleTable", 0, 9)
                        || headerColumn(table, header).isPresent()) {
                    String keyword = table.cell(header + 1, column);
                    hint = keyword.isEmpty() ? "the column has no header in cell "
                            + TableText.reference(header + 1, column) + ": write CONDITION or ACTION there, or leave "
                            + "the column empty"
                            : "the column's header '" + keyword + "' (cell " + TableText.reference(header + 1, column)
                                    + ") is not one Drools knows: write CONDITION or ACTION (or NAME, PRIORITY, ...)";
                    break;
                }
            }
            return new Problem(file, at[0], at[1], message, hint, false, 0);
        }
        return new Problem(file, 0, 0, message, null, false, 0);
    }

    private static Optional<Integer> headerColumn(TableText table, int row) {
        return table.findInRow(row, v -> v.regionMatches(true, 0, "RuleTable", 0, 9));
    }

    private static List<String> tableImports(TableText table) {
        Optional<int[]> cell = table.find(v -> v.equalsIgnoreCase("Import"));
        if (cell.isEmpty()) {
            return List.of();
        }
        List<String> imports = new ArrayList<>();
        for (String name : table.cell(cell.get()[0], cell.get()[1] + 1).split(",")) {
            if (!name.isBlank()) {
                imports.add(name.strip());
            }
        }
        return imports;
    }

    /** Where a table's imports are, for a hint: {@code the Import row (cell B2)}. */
    private static String importCell(TableText table) {
        Optional<int[]> cell = table.find(v -> v.equalsIgnoreCase("Import"));
        return cell.map(c -> "the Import row (cell " + TableText.reference(c[0], c[1] + 1) + ")")
                .orElse("an Import row below the RuleSet row");
    }

    private static List<String> tableGlobals(TableText table) {
        Optional<int[]> cell = table.find(v -> v.equalsIgnoreCase("Variables"));
        if (cell.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String declaration : table.cell(cell.get()[0], cell.get()[1] + 1).split(",")) {
            String[] parts = declaration.strip().split("\\s+");
            names.add(parts[parts.length - 1]);
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hints

    /**
     * An unknown fact type in a pattern.
     *
     * @param importCell where a decision table's imports go; null for a DRL file
     */
    private static String objectTypeHint(String type, List<String> imports, String importCell) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        String facts = "rules can match " + FactTypes.factList() + ", each imported from " + FactTypes.PACKAGE;
        for (Class<?> fact : FactTypes.FACTS) {
            if (fact.getSimpleName().equals(simple) && !imports.contains(fact.getName())) {
                return simple + " is a fact, but " + (importCell == null ? "this file does not import it: add "
                        + "'import " + fact.getName() + ";' below the package line"
                        : "the table does not import it: add " + fact.getName() + " to " + importCell);
            }
        }
        Optional<String> closest = closest(simple, FactTypes.simpleNames(FactTypes.FACTS));
        return "there is no fact type '" + simple + "'" + closest.map(c -> "; did you mean '" + c + "' ("
                + (importCell == null ? "import " + FactTypes.PACKAGE + "." + c + ";" : FactTypes.PACKAGE + "." + c)
                + ")? " + Character.toUpperCase(facts.charAt(0)) + facts.substring(1)).orElse(": " + facts);
    }

    private static String typeHint(String type, List<String> imports, String importCell) {
        for (Class<?> known : FactTypes.CLASSES) {
            if (known.getSimpleName().equals(type) && !imports.contains(known.getName())) {
                return type + " is not imported: add " + (importCell == null ? "'import " + known.getName()
                        + ";' below the package line" : known.getName() + " to " + importCell);
            }
        }
        Optional<String> closest = closest(type, FactTypes.simpleNames(FactTypes.CLASSES));
        return "there is no type '" + type + "'" + closest.map(c -> "; did you mean '" + c + "' (" + FactTypes.PACKAGE
                + "." + c + ")?").orElse(": check its spelling and its import");
    }

    /** An unknown field ({@code m()}) or method ({@code m(Integer)}) of a class, from MVEL's strict mode. */
    private static String memberHint(String className, String member, String arguments) {
        Optional<Class<?>> type = FactTypes.byName(className);
        if (type.isEmpty()) {
            return null;
        }
        String simple = type.get().getSimpleName();
        if (arguments.isEmpty()) {
            Collection<String> fields = FactTypes.fields(type.get()).keySet();
            Optional<String> closest = closest(member, fields);
            return simple + " has no field '" + member + "'" + closest.map(c -> "; did you mean '" + c + "'?")
                    .orElse(".") + " Its fields: " + String.join(", ", fields);
        }
        return methodHint(simple, member, arguments.replace("java.lang.", ""));
    }

    private static String methodHint(String className, String method, String arguments) {
        Optional<Class<?>> type = FactTypes.byName(className);
        if (type.isEmpty()) {
            return null;
        }
        Optional<String> closest = closest(method, FactTypes.methodNames(type.get()));
        String known = type.get().getName().startsWith(FactTypes.PACKAGE) ? " Its methods: "
                + String.join(", ", FactTypes.methods(type.get())) : "";
        return type.get().getSimpleName() + " has no method '" + method + "(" + arguments + ")'"
                + closest.map(c -> "; did you mean '" + c + "'?").orElse(".") + known;
    }

    /** A name the actions use that nothing declares: a misspelt global or variable. */
    private static String unresolvedHint(String name, List<String> globals, List<String> bound, boolean table) {
        String declaration = table ? "a row 'Variables," + FactTypes.RESULT_DECLARATION.substring(7).replace(";", "")
                + "' below the Import row" : "'" + FactTypes.RESULT_DECLARATION + "' below the imports";
        boolean resultDeclared = globals.contains(Evaluator.RESULT_GLOBAL);
        if (globals.contains(name)) {
            return "the global '" + name + "' is declared, but its declaration did not compile: see the error on it";
        }
        if (name.equals(Evaluator.RESULT_GLOBAL)) {
            return (table ? "the table" : "this file") + " does not declare the global '" + name + "': add "
                    + declaration;
        }
        List<String> candidates = new ArrayList<>(globals);
        candidates.addAll(bound);
        if (!resultDeclared) {
            candidates.add(Evaluator.RESULT_GLOBAL);
        }
        Optional<String> closest = closest(name, candidates);
        if (closest.isPresent()) {
            boolean global = closest.get().equals(Evaluator.RESULT_GLOBAL) || globals.contains(closest.get());
            return "'" + name + "' is not declared; did you mean " + (global ? "the global" : "the variable") + " '"
                    + closest.get() + "'?" + (closest.get().equals(Evaluator.RESULT_GLOBAL) && !resultDeclared
                    ? " Declare it with " + declaration : "");
        }
        return "'" + name + "' is not declared: bind it in the conditions ($" + name + " : field) or declare it as a "
                + "global" + (globals.isEmpty() ? "" : "; globals here: " + String.join(", ", globals));
    }

    private static String comparisonHint(String expression, String fieldType, String valueType) {
        Matcher field = Pattern.compile("^\\s*([\\w$]+)").matcher(expression);
        String name = field.find() ? field.group(1) : "the field";
        String plain = FactTypes.plain(fieldType);
        String hint = name + " is " + plain + ", so it cannot be compared with " + FactTypes.plain(valueType);
        return plain.equals("true or false") ? hint + ": write '" + name + "' (true) or '!" + name + "' (false)" : hint;
    }

    private static String importHint(String imported) {
        int dot = imported.lastIndexOf('.');
        String simple = imported.substring(dot + 1);
        String pack = dot < 0 ? "" : imported.substring(0, dot);
        if (pack.equals(FactTypes.PACKAGE)) {
            Collection<String> names = FactTypes.simpleNames(FactTypes.CLASSES);
            Optional<String> closest = closest(simple, names);
            return "there is no class '" + simple + "' in " + pack + closest.map(c -> "; did you mean '" + c + "'?")
                    .orElse(".") + " It holds " + String.join(", ", names);
        }
        return "there is no class " + imported + " on the class path: check its spelling and its package";
    }

    private static String globalClassHint(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        Collection<String> names = FactTypes.simpleNames(FactTypes.CLASSES);
        Optional<String> closest = names.contains(simple) ? Optional.of(simple) : closest(simple, names);
        if (closest.isPresent()) {
            Optional<Class<?>> known = FactTypes.byName(closest.get());
            if (known.isPresent()) {
                return "write the class's full name" + (closest.get().equals(type) ? "" : " (did you mean '"
                        + closest.get() + "'?)") + ": " + (known.get().getSimpleName().equals("Result")
                        ? "'" + FactTypes.RESULT_DECLARATION + "'" : known.get().getName());
            }
        }
        return "there is no class '" + type + "': a global's type is written with its package";
    }

    private static String eligibilityHint(String definitionFile, List<RuleResource> files) {
        String folder = definitionFile.contains("/") ? definitionFile.substring(0, definitionFile.lastIndexOf('/')
                + 1) : "";
        String base = definitionFile.substring(folder.length(), definitionFile.length()
                - TrialDefinition.SUFFIX.length());
        Pattern check = Pattern.compile("TrialCheck\\s*\\(\\s*trialId\\s*==\\s*\"" + Pattern.quote(base) + "\"");
        List<String> drls = new ArrayList<>();
        for (RuleResource file : files) {
            String name = file.name();
            if (name.toLowerCase(Locale.ROOT).endsWith(".drl") && name.startsWith(folder)
                    && name.indexOf('/', folder.length()) < 0) {
                if (check.matcher(new String(file.content(), StandardCharsets.UTF_8)).find()) {
                    return name + " matches TrialCheck(trialId == \"" + base + "\"): rename it " + folder + base
                            + ".drl";
                }
                drls.add(name.substring(folder.length(), name.length() - 4));
            }
        }
        return closest(base, drls).map(c -> "did you mean " + folder + c + ".drl? The eligibility file is named after "
                + "the definition: rename it " + folder + base + ".drl").orElse(null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading the files

    private static Source source(String name, Resource resource) {
        byte[] bytes;
        try (InputStream in = resource.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            bytes = new byte[0];
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return TableText.isTable(name) ? new Source(name, bytes, null, TableText.of(name, bytes))
                : new Source(name, bytes, new DrlText(text), null);
    }

    private static String fileName(KnowledgeBuilderResult error) {
        return error.getResource() == null || error.getResource().getSourcePath() == null ? "<unknown>"
                : error.getResource().getSourcePath();
    }

    private static String ruleName(KnowledgeBuilderResult error) {
        if (error instanceof RuleBuildError build && build.getRule() != null) {
            return build.getRule().getName();
        }
        if (error instanceof DescrBuildError build && build.getParentDescr() instanceof RuleDescr rule) {
            return rule.getName();
        }
        return null;
    }

    /** Drools' message on one line, without MVEL's pointer art ({@code [Near : {...}]}, a caret, its own line). */
    static String clean(String message) {
        if (message == null) {
            return "";
        }
        String text = message.replaceAll("(?s)\\[Near : \\{.*?\\}\\]", " ")
                .replaceAll("\\[Line: \\d+, Column: \\d+\\]", " ")
                .replaceAll("(?m)^\\s*\\^\\s*$", " ")
                .replaceAll("\\[Error: (.*?)\\]", "$1");
        text = ERR_LINE.matcher(text.strip()).replaceFirst("$1");
        return text.replaceAll("\\s+", " ").strip();
    }

    private static int[] wordFrom(DrlText drl, BaseDescr descr, int line, String word) {
        int from = descr != null && descr.getLine() > 0 ? drl.offset(descr.getLine(), descr.getColumn() + 1)
                : drl.offset(line, 1);
        Optional<Token> token = drl.word(word, from, drl.text().length());
        if (token.isPresent()) {
            return new int[] {token.get().line(), token.get().column()};
        }
        return descr != null && descr.getLine() > 0 ? new int[] {descr.getLine(), descr.getColumn() + 1}
                : new int[] {line, 0};
    }

    /** A word of an expression: the expression is found first, from the pattern on, as a field may occur twice. */
    private static int[] wordIn(DrlText drl, BaseDescr descr, int line, String expression, String word) {
        int from = descr != null && descr.getLine() > 0 ? drl.offset(descr.getLine(), descr.getColumn() + 1)
                : drl.offset(line, 1);
        Optional<Integer> start = find(drl, expression, from, drl.text().length());
        if (start.isPresent()) {
            Optional<Token> token = drl.word(word, start.get(), drl.text().length());
            if (token.isPresent()) {
                return new int[] {token.get().line(), token.get().column()};
            }
        }
        return wordFrom(drl, descr, line, word);
    }

    /** Where an expression is in the text, spaces aside. */
    private static Optional<Integer> find(DrlText drl, String expression, int from, int to) {
        if (expression.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder pattern = new StringBuilder();
        for (char c : expression.replaceAll("\\s+", "").toCharArray()) {
            pattern.append(pattern.length() == 0 ? "" : "\\s*").append(Pattern.quote(String.valueOf(c)));
        }
        Matcher found = Pattern.compile(pattern.toString()).matcher(drl.text()).region(from, to);
        return found.find() ? Optional.of(found.start()) : Optional.empty();
    }

    private static int[] wordOnLine(DrlText drl, int line, String word) {
        Optional<Token> token = drl.word(word, drl.offset(line, 1), drl.offset(line + 1, 1));
        return token.map(t -> new int[] {t.line(), t.column()}).orElse(new int[] {line, 0});
    }

    /** An expression Drools reports without a line ({@code temporaryId == 1}), found in its rule's text. */
    private static int[] expressionIn(DrlText drl, Optional<Block> block, String expression, int line) {
        int from = block.map(b -> b.start().offset()).orElse(0);
        int to = block.map(b -> b.stop(drl.text().length())).orElse(drl.text().length());
        Optional<Integer> found = find(drl, expression, from, to);
        if (found.isPresent()) {
            return drl.position(found.get());
        }
        return block.map(b -> new int[] {b.start().line(), b.start().column()}).orElse(new int[] {line, 0});
    }

    /** Drools gives a failed import the wrong line; the import's own line has it. */
    private static int[] importAt(DrlText drl, String imported, int line) {
        int index = drl.text().indexOf(imported);
        while (index >= 0) {
            int[] at = drl.position(index);
            if (drl.line(at[0]).strip().startsWith("import")) {
                return at;
            }
            index = drl.text().indexOf(imported, index + 1);
        }
        return new int[] {line, 0};
    }

    private static Optional<Token> calledMethod(List<Token> tokens, String method) {
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).is(method) && tokens.get(i - 1).is(".") && tokens.get(i + 1).is("(")) {
                return Optional.of(tokens.get(i));
            }
        }
        return word(tokens, method);
    }

    private static Optional<Token> word(List<Token> tokens, String word) {
        return tokens.stream().filter(t -> t.kind() == Kind.WORD && t.text().equals(word)).findFirst();
    }

    private static List<String> imports(DrlText drl) {
        List<String> imports = new ArrayList<>();
        List<Token> tokens = drl.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("import")) {
                StringBuilder name = new StringBuilder();
                for (int j = i + 1; j < tokens.size() && tokens.get(j).line() == tokens.get(i).line()
                        && !tokens.get(j).is(";"); j++) {
                    name.append(tokens.get(j).text());
                }
                imports.add(name.toString());
            }
        }
        return imports;
    }

    private static List<String> globals(DrlText drl) {
        List<String> globals = new ArrayList<>();
        List<Token> tokens = drl.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("global")) {
                Token last = null;
                for (int j = i + 1; j < tokens.size() && tokens.get(j).line() == tokens.get(i).line()
                        && !tokens.get(j).is(";"); j++) {
                    last = tokens.get(j);
                }
                if (last != null && last.kind() == Kind.WORD) {
                    globals.add(last.text());
                }
            }
        }
        return globals;
    }

    private static List<String> boundVariables(DrlText drl, Block block) {
        List<String> bound = new ArrayList<>();
        List<Token> tokens = drl.tokens(block.start().offset(), block.stop(drl.text().length()));
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.WORD && tokens.get(i).text().startsWith("$") && tokens.get(i + 1).is(":")) {
                bound.add(tokens.get(i).text());
            }
        }
        return bound;
    }

    private static String packageOf(DrlText drl) {
        List<Token> tokens = drl.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("package")) {
                StringBuilder name = new StringBuilder();
                for (int j = i + 1; j < tokens.size() && tokens.get(j).line() == tokens.get(i).line()
                        && !tokens.get(j).is(";"); j++) {
                    name.append(tokens.get(j).text());
                }
                return name.toString();
            }
        }
        return "";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closest names

    /**
     * The candidate nearest to {@code name} by Damerau-Levenshtein distance (optimal string alignment, letter case
     * ignored), when it is near enough to be a slip of the keyboard: a third of the name's letters, at most 3.
     */
    static Optional<String> closest(String name, Collection<String> candidates) {
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates.stream().sorted().toList()) {
            if (candidate.equals(name)) {
                continue;
            }
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
