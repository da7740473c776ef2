package fi.tutka.cli;

import picocli.CommandLine;

/** A half-year written {@code 2026H1}. */
record Period(int year, int half) {

    static final class Converter implements CommandLine.ITypeConverter<Period> {
        @Override
        public Period convert(String value) {
            if (!value.matches("\\d{4}H[12]")) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a half-year: write it as 2026H1 (1 Jan-30 Jun) or 2026H2 (1 Jul-31 Dec)");
            }
            return new Period(Integer.parseInt(value.substring(0, 4)), value.charAt(5) - '0');
        }
    }

    @Override
    public String toString() {
        return year + "H" + half;
    }
}
