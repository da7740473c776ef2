package fi.tutka.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.decisiontable.parser.csv.CsvLineParser;
import org.drools.decisiontable.parser.csv.CsvParser;
import org.drools.decisiontable.parser.xls.ExcelParser;
import org.drools.template.parser.DataListener;

/**
 * A decision table (CSV or XLSX) as cells, read with Drools' own parsers so that a cell holds what Drools saw, and
 * the DRL Drools generates from it: Drools reports a table's mistakes at lines of that generated DRL, which says
 * above every rule which row it came from ({@code // rule values at A9, header at A4}).
 */
final class TableText {
    /** Where a generated rule came from: its data row, and the table's {@code RuleTable} cell (all from 1). */
    record Origin(int row, int headerRow, int headerColumn) {
        int keywordRow() {
            return headerRow + 1;
        }

        int objectRow() {
            return headerRow + 2;
        }

        int snippetRow() {
            return headerRow + 3;
        }
    }

    private static final Pattern ORIGIN = Pattern.compile("// rule values at ([A-Z]+)(\\d+), header at ([A-Z]+)(\\d+)");
    private static final Pattern RULE = Pattern.compile("^rule \"(.*)\"\\s*$");

    private final boolean csv;
    private final String[] lines;
    private final Map<Long, String> cells = new HashMap<>();
    private int rows;
    private int columns;
    private String[] generated;

    private TableText(String file, byte[] content) {
        this.csv = file.toLowerCase(Locale.ROOT).endsWith(".csv");
        this.lines = csv ? new String(content, StandardCharsets.UTF_8).split("\\R", -1) : new String[0];
        DataListener listener = new DataListener() {
            @Override
            public void startSheet(String name) {
            }

            @Override
            public void finishSheet() {
            }

            @Override
            public void newRow(int row, int cols) {
            }

            @Override
            public void newCell(int row, int column, String value, int mergedColStart) {
                if (value != null && !value.isBlank()) {
                    cells.put(key(row + 1, column + 1), value.strip());
                    rows = Math.max(rows, row + 1);
                    columns = Math.max(columns, column + 1);
                }
            }
        };
        try {
            if (csv) {
                new CsvParser(listener, new CsvLineParser()).parseFile(new ByteArrayInputStream(content));
            } else {
                new ExcelParser(listener).parseFile(new ByteArrayInputStream(content));
            }
        } catch (RuntimeException e) {
            // A table Drools cannot read at all has no cells to point at; its own message says why.
        }
        try {
            this.generated = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content),
                    csv ? InputType.CSV : InputType.XLS).split("\\R", -1);
        } catch (RuntimeException e) {
            this.generated = new String[0];
        }
    }

    static TableText of(String file, byte[] content) {
        return new TableText(file, content);
    }

    static boolean isTable(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") || lower.endsWith(".xlsx");
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    /** The cell's text, stripped; empty when the cell is empty. Row and column count from 1. */
    String cell(int row, int column) {
        return cells.getOrDefault(key(row, column), "");
    }

    /** Where the generated rule of this name, or else the one around the generated line, came from. */
    Optional<Origin> origin(String ruleName, int generatedLine) {
        int at = -1;
        if (ruleName != null) {
            for (int i = 0; i < generated.length; i++) {
                Matcher rule = RULE.matcher(generated[i]);
                if (rule.matches() && rule.group(1).equals(ruleName)) {
                    at = i;
                    break;
                }
            }
        }
        if (at < 0) {
            at = Math.min(generatedLine, generated.length) - 1;
        }
        for (int i = at; i >= 0; i--) {
            Matcher origin = ORIGIN.matcher(generated[i]);
            if (origin.find()) {
                return Optional.of(new Origin(Integer.parseInt(origin.group(2)), Integer.parseInt(origin.group(4)),
                        column(origin.group(3))));
            }
        }
        return Optional.empty();
    }

    /**
     * The cell as a place in the file: a CSV cell is at its line and the character where it starts, so that an
     * editor lands on it; a spreadsheet cell is at its row and column number.
     */
    int[] location(int row, int column) {
        if (!csv || row > lines.length) {
            return new int[] {row, column};
        }
        String line = lines[row - 1];
        int cell = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length() && cell < column; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cell++;
                if (cell == column) {
                    return new int[] {row, i + 2};
                }
            }
        }
        return new int[] {row, column == 1 ? 1 : line.length() + 1};
    }

    /** {@code B7}. */
    static String reference(int row, int column) {
        StringBuilder letters = new StringBuilder();
        for (int c = column; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters.toString() + row;
    }

    /** The first cell, left to right and top down, whose text satisfies the test; {row, column} from 1. */
    Optional<int[]> find(Predicate<String> test) {
        for (int row = 1; row <= rows; row++) {
            Optional<Integer> column = findInRow(row, test);
            if (column.isPresent()) {
                return Optional.of(new int[] {row, column.get()});
            }
        }
        return Optional.empty();
    }

    /** The first column of this row whose cell satisfies the test. */
    Optional<Integer> findInRow(int row, Predicate<String> test) {
        for (int column = 1; column <= columns; column++) {
            String value = cell(row, column);
            if (!value.isEmpty() && test.test(value)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The column of this row whose cell names {@code word} as a whole word. */
    Optional<Integer> findWord(int row, String word) {
        Pattern pattern = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])");
        return findInRow(row, value -> pattern.matcher(value).find());
    }

    List<String> generated() {
        return List.of(generated);
    }

    private static int column(String letters) {
        int column = 0;
        for (char c : letters.toCharArray()) {
            column = column * 26 + (c - 'A' + 1);
        }
        return column;
    }

    private static long key(int row, int column) {
        return (long) row << 20 | column;
    }
}
