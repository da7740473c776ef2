package fi.tutka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A DRL file read far enough to say where a mistake is: its tokens (comments and strings skipped over) with their
 * line and column, and its blocks ({@code rule ... when ... then ... end}) with the keywords each has or lacks. It
 * reads any text, however broken, and never throws: Drools has already said the file is wrong, and this only looks
 * for where and why.
 */
final class DrlText {
    /** What a token is: a word (name, keyword, number), a string or character literal, or a symbol. */
    enum Kind { WORD, STRING, SYMBOL }

    /** A token; {@code line} and {@code column} count from 1. */
    record Token(String text, Kind kind, int offset, int line, int column) {
        boolean is(String word) {
            return kind != Kind.STRING && text.equals(word);
        }
    }

    /**
     * A {@code rule} (or {@code query}, {@code declare}) block. {@code end} is null when the block has none: it then
     * runs on to {@code next}, the keyword that starts the next block, or to the end of the file when that is null.
     * {@code unclosed} are the opening parentheses of its conditions that nothing closes, outermost first, and
     * {@code unopened} the closing ones that close nothing.
     */
    record Block(String keyword, String name, Token start, Token when, Token then, Token end, Token next,
            List<Token> unclosed, List<Token> unopened) {

        /** The offset where the block's text stops. */
        int stop(int length) {
            return end != null ? end.offset() + end.text().length() : next != null ? next.offset() : length;
        }
    }

    private static final Set<String> BLOCKS = Set.of("rule", "query", "declare");
    private static final Set<String> TWO_CHAR = Set.of("&&", "||", "==", "!=", ">=", "<=", "->");

    private final String text;
    private final int[] lineStarts;
    private final List<Token> tokens;
    private final List<Block> blocks;

    DrlText(String text) {
        this.text = text;
        this.lineStarts = lineStarts(text);
        this.tokens = tokenize();
        this.blocks = readBlocks();
    }

    String text() {
        return text;
    }

    List<Token> tokens() {
        return tokens;
    }

    List<Block> blocks() {
        return blocks;
    }

    /** The block of the rule with this name. */
    Optional<Block> rule(String name) {
        return blocks.stream().filter(b -> name.equals(b.name())).findFirst();
    }

    /** The last block that starts on or before {@code line}. */
    Optional<Block> blockAt(int line) {
        Block found = null;
        for (Block block : blocks) {
            if (block.start().line() <= line) {
                found = block;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The tokens between two offsets. */
    List<Token> tokens(int from, int to) {
        return tokens.stream().filter(t -> t.offset() >= from && t.offset() < to).toList();
    }

    /** The first word {@code word} at or after {@code from} and before {@code to}. */
    Optional<Token> word(String word, int from, int to) {
        return tokens(from, to).stream().filter(t -> t.kind() == Kind.WORD && t.text().equals(word)).findFirst();
    }

    /** The token that starts at, or covers, this line and column; or the next one after it. */
    Optional<Token> tokenAt(int line, int column) {
        int offset = offset(line, column);
        for (Token token : tokens) {
            if (token.offset() + token.text().length() > offset) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** The token before this one. */
    Optional<Token> before(Token token) {
        int index = tokens.indexOf(token);
        return index > 0 ? Optional.of(tokens.get(index - 1)) : Optional.empty();
    }

    /** The offset of a line (from 1) and column (from 1). */
    int offset(int line, int column) {
        if (line < 1) {
            return 0;
        }
        if (line > lineStarts.length) {
            return text.length();
        }
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1));
    }

    /** {line, column} of an offset, both from 1. */
    int[] position(int offset) {
        int line = 0;
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) {
            line++;
        }
        return new int[] {line + 1, offset - lineStarts[line] + 1};
    }

    /** The text of a line (from 1), without its line break; empty past the end. */
    String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        return text.substring(lineStarts[line - 1], end).replaceAll("\\R$", "");
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<Token> tokenize() {
        List<Token> found = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '"' || c == '\'') {
                int start = i++;
                while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
                found.add(token(text.substring(start, i), Kind.STRING, start));
            } else if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isJavaIdentifierPart(text.charAt(i))
                        || Character.isDigit(c) && text.charAt(i) == '.')) {
                    i++;
                }
                found.add(token(text.substring(start, i), Kind.WORD, start));
            } else {
                int length = i + 1 < n && TWO_CHAR.contains(text.substring(i, i + 2)) ? 2 : 1;
                found.add(token(text.substring(i, i + length), Kind.SYMBOL, i));
                i += length;
            }
        }
        return found;
    }

    private Token token(String value, Kind kind, int offset) {
        int[] position = position(offset);
        return new Token(value, kind, offset, position[0], position[1]);
    }

    /** The blocks in order; a block keyword inside an open block closes it as one lacking its {@code end}. */
    private List<Block> readBlocks() {
        List<Block> found = new ArrayList<>();
        Token start = null;
        String name = null;
        Token when = null;
        Token then = null;
        List<Token> open = new ArrayList<>();
        List<Token> unopened = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean keyword = token.kind() == Kind.WORD && (i == 0 || !tokens.get(i - 1).is("."));
            if (keyword && BLOCKS.contains(token.text())) {
                if (start != null) {
                    found.add(new Block(start.text(), name, start, when, then, null, token, List.copyOf(open),
                            List.copyOf(unopened)));
                }
                start = token;
                name = i + 1 < tokens.size() ? unquote(tokens.get(i + 1).text()) : "";
                when = null;
                then = null;
                open.clear();
                unopened.clear();
            } else if (start == null) {
                continue;
            } else if (keyword && token.text().equals("end")) {
                found.add(new Block(start.text(), name, start, when, then, token, null, List.copyOf(open),
                        List.copyOf(unopened)));
                start = null;
            } else if (keyword && token.text().equals("when") && when == null && then == null) {
                when = token;
            } else if (keyword && token.text().equals("then") && then == null) {
                then = token;
            } else if (when != null && then == null) {
                if (token.is("(")) {
                    open.add(token);
                } else if (token.is(")")) {
                    if (open.isEmpty()) {
                        unopened.add(token);
                    } else {
                        open.remove(open.size() - 1);
                    }
                }
            }
        }
        if (start != null) {
            found.add(new Block(start.text(), name, start, when, then, null, null, List.copyOf(open),
                    List.copyOf(unopened)));
        }
        return List.copyOf(found);
    }

    static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
