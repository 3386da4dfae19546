package io.switchboard.connector.pagerduty;

import java.time.LocalDate;
import java.util.OptionalLong;

/**
 * JavaScript's {@code new Date(text)} as Node's V8 reads it ({@code src/date/dateparser}): first the ES5 ISO form,
 * then, from where that stops, the lenient legacy grammar that skips words before the first number, reads month
 * names, times, AM/PM and zone names or offsets. A date or time without a zone is read as UTC, which is what V8 gives
 * on a server whose zone is UTC. The answer is milliseconds since the epoch, or empty where V8 gives an invalid date.
 */
final class JavaScriptDates {

    /** ECMAScript's time range: 100,000,000 days either side of the epoch. */
    static final long MAX_TIME = 8_640_000_000_000_000L;

    private static final int NONE = Integer.MAX_VALUE;
    private static final int MAX_SIGNIFICANT_DIGITS = 9;
    /** V8's Smi range on 64-bit Node: offsets beyond it are refused. */
    private static final long SMI_MAX = Integer.MAX_VALUE;

    private JavaScriptDates() {
    }

    static OptionalLong parse(String text) {
        Tokenizer scanner = new Tokenizer(new Reader(text));
        DayComposer day = new DayComposer();
        TimeComposer time = new TimeComposer();
        ZoneComposer zone = new ZoneComposer();
        Token next = parseEs5(scanner, day, time, zone);
        if (next.kind == Kind.INVALID) {
            return OptionalLong.empty();
        }
        boolean hasReadNumber = !day.isEmpty();
        for (Token token = next; token.kind != Kind.END; token = scanner.next()) {
            if (token.kind == Kind.NUMBER) {
                hasReadNumber = true;
                int n = token.value;
                if (scanner.skipSymbol(':')) {
                    if (scanner.skipSymbol(':')) {
                        if (!time.isEmpty()) {
                            return OptionalLong.empty();
                        }
                        time.add(n);
                        time.add(0);
                    } else {
                        if (!time.add(n)) {
                            return OptionalLong.empty();
                        }
                        if (scanner.peek().isSymbol('.')) {
                            scanner.next();
                        }
                    }
                } else if (scanner.skipSymbol('.') && time.isExpecting(n)) {
                    time.add(n);
                    if (scanner.peek().kind != Kind.NUMBER) {
                        return OptionalLong.empty();
                    }
                    time.addFinal(milliseconds(scanner.next()));
                } else if (zone.isExpecting(n)) {
                    zone.minute = n;
                } else if (time.isExpecting(n)) {
                    time.addFinal(n);
                    Token peek = scanner.peek();
                    if (peek.kind != Kind.END && peek.kind != Kind.WHITESPACE && !peek.isKeywordZ() && !peek.isSign()) {
                        return OptionalLong.empty();
                    }
                } else {
                    if (!day.add(n)) {
                        return OptionalLong.empty();
                    }
                    scanner.skipSymbol('-');
                }
            } else if (token.kind == Kind.KEYWORD) {
                if (token.word == Word.AM_PM && !time.isEmpty()) {
                    time.hourOffset = token.value;
                } else if (token.word == Word.MONTH_NAME) {
                    day.namedMonth = token.value;
                    scanner.skipSymbol('-');
                } else if (token.word == Word.TIME_ZONE_NAME && hasReadNumber) {
                    zone.set(token.value);
                } else if (hasReadNumber || scanner.peek().kind == Kind.NUMBER) {
                    // a word after the first number, or one run into it, is not a date
                    return OptionalLong.empty();
                }
            } else if (token.isSign() && (zone.isUtc() || !time.isEmpty())) {
                zone.sign = token.value == '+' ? 1 : -1;
                int n = 0;
                int length = 0;
                if (scanner.peek().kind == Kind.NUMBER) {
                    Token number = scanner.next();
                    length = number.length;
                    n = number.value;
                }
                hasReadNumber = true;
                if (scanner.peek().isSymbol(':')) {
                    zone.hour = n;
                    zone.minute = NONE;
                } else if (length == 1 || length == 2) {
                    zone.hour = n;
                    zone.minute = 0;
                } else if (length == 3 || length == 4) {
                    zone.hour = n / 100;
                    zone.minute = n % 100;
                } else {
                    return OptionalLong.empty();
                }
            } else if ((token.isSign() || token.isSymbol(')')) && hasReadNumber) {
                return OptionalLong.empty();
            }
        }
        return compose(day, time, zone);
    }

    /** The ES5 form {@code [+-yy]yyyy[-MM[-DD]][THH:mm[:ss[.sss]][Z|+hh:mm]]}; what it leaves goes on to the legacy loop. */
    private static Token parseEs5(Tokenizer scanner, DayComposer day, TimeComposer time, ZoneComposer zone) {
        if (scanner.peek().isSign()) {
            Token sign = scanner.next();
            if (!scanner.peek().isNumber(6)) {
                return sign;
            }
            int year = scanner.next().value;
            if (sign.value == '-' && year == 0) {
                return sign;
            }
            day.add(sign.value == '-' ? -year : year);
        } else if (scanner.peek().isNumber(4)) {
            day.add(scanner.next().value);
        } else {
            return scanner.next();
        }
        if (scanner.skipSymbol('-')) {
            if (!scanner.peek().isNumber(2) || !isMonth(scanner.peek().value)) {
                return scanner.next();
            }
            day.add(scanner.next().value);
            if (scanner.skipSymbol('-')) {
                if (!scanner.peek().isNumber(2) || !isDay(scanner.peek().value)) {
                    return scanner.next();
                }
                day.add(scanner.next().value);
            }
        }
        if (scanner.peek().word != Word.TIME_SEPARATOR) {
            if (scanner.peek().kind != Kind.END) {
                return scanner.next();
            }
        } else {
            scanner.next();
            if (!scanner.peek().isNumber(2) || !between(scanner.peek().value, 0, 24)) {
                return Token.INVALID;
            }
            boolean hourIs24 = scanner.peek().value == 24;
            time.add(scanner.next().value);
            if (!scanner.skipSymbol(':')) {
                return Token.INVALID;
            }
            if (!scanner.peek().isNumber(2) || !isMinute(scanner.peek().value)
                    || (hourIs24 && scanner.peek().value > 0)) {
                return Token.INVALID;
            }
            time.add(scanner.next().value);
            if (scanner.skipSymbol(':')) {
                if (!scanner.peek().isNumber(2) || !isMinute(scanner.peek().value)
                        || (hourIs24 && scanner.peek().value > 0)) {
                    return Token.INVALID;
                }
                time.add(scanner.next().value);
                if (scanner.skipSymbol('.')) {
                    if (scanner.peek().kind != Kind.NUMBER || (hourIs24 && scanner.peek().value > 0)) {
                        return Token.INVALID;
                    }
                    time.add(milliseconds(scanner.next()));
                }
            }
            if (scanner.peek().isKeywordZ()) {
                scanner.next();
                zone.set(0);
            } else if (scanner.peek().isSign()) {
                zone.sign = scanner.next().value == '+' ? 1 : -1;
                if (scanner.peek().isNumber(4)) {
                    int hourMinute = scanner.next().value;
                    if (!isHour(hourMinute / 100) || !isMinute(hourMinute % 100)) {
                        return Token.INVALID;
                    }
                    zone.hour = hourMinute / 100;
                    zone.minute = hourMinute % 100;
                } else {
                    if (!scanner.peek().isNumber(2) || !isHour(scanner.peek().value)) {
                        return Token.INVALID;
                    }
                    zone.hour = scanner.next().value;
                    if (!scanner.skipSymbol(':')) {
                        return Token.INVALID;
                    }
                    if (!scanner.peek().isNumber(2) || !isMinute(scanner.peek().value)) {
                        return Token.INVALID;
                    }
                    zone.minute = scanner.next().value;
                }
            }
            if (scanner.peek().kind != Kind.END) {
                return Token.INVALID;
            }
        }
        if (zone.hour == NONE && time.isEmpty()) {
            zone.set(0);
        }
        day.isoDate = true;
        return Token.END;
    }

    /** The first three significant digits of a fraction, as its length shows them. */
    private static int milliseconds(Token token) {
        int number = token.value;
        int length = token.length;
        if (length == 1) {
            return number * 100;
        }
        if (length == 2) {
            return number * 10;
        }
        if (length > 3) {
            length = Math.min(length, MAX_SIGNIFICANT_DIGITS);
            int factor = 1;
            do {
                factor *= 10;
                length--;
            } while (length > 3);
            number /= factor;
        }
        return number;
    }

    /** V8's {@code MakeDay}, {@code MakeTime} and {@code TimeClip} over what the composers hold. */
    private static OptionalLong compose(DayComposer day, TimeComposer time, ZoneComposer zone) {
        int[] date = day.write();
        int[] clock = time.write();
        if (date == null || clock == null) {
            return OptionalLong.empty();
        }
        Long offsetSeconds = zone.write();
        if (offsetSeconds != null && offsetSeconds == Long.MIN_VALUE) {
            return OptionalLong.empty();
        }
        if (Math.abs((long) date[0]) > 1_000_000) {
            return OptionalLong.empty();
        }
        long epochDay = LocalDate.of(date[0], date[1], 1).toEpochDay() + date[2] - 1;
        long millis = epochDay * 86_400_000L
                + ((clock[0] * 60L + clock[1]) * 60L + clock[2]) * 1000L + clock[3];
        if (offsetSeconds != null) {
            millis -= offsetSeconds * 1000L;
        }
        return Math.abs(millis) > MAX_TIME ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    private static boolean between(int x, int low, int high) {
        return x >= low && x <= high;
    }

    private static boolean isMonth(int x) {
        return between(x, 1, 12);
    }

    private static boolean isDay(int x) {
        return between(x, 1, 31);
    }

    private static boolean isHour(int x) {
        return between(x, 0, 23);
    }

    private static boolean isMinute(int x) {
        return between(x, 0, 59);
    }

    /** Year, month and day numbers in the order V8 guesses from their values and a month name. */
    private static final class DayComposer {
        private final int[] components = new int[3];
        private int index;
        private int namedMonth = NONE;
        private boolean isoDate;

        boolean isEmpty() {
            return index == 0;
        }

        boolean add(int n) {
            if (index == components.length) {
                return false;
            }
            components[index++] = n;
            return true;
        }

        /** Year, month (1–12) and day (1–31), or null when they are not a date. */
        int[] write() {
            if (index < 1) {
                return null;
            }
            while (index < components.length) {
                components[index++] = 1;
            }
            int year;
            int month;
            int dayOfMonth;
            if (namedMonth == NONE) {
                if (isoDate || !isDay(components[0])) {
                    year = components[0];
                    month = components[1];
                    dayOfMonth = components[2];
                } else {
                    month = components[0];
                    dayOfMonth = components[1];
                    year = components[2];
                }
            } else {
                month = namedMonth;
                if (!isDay(components[0])) {
                    year = components[0];
                    dayOfMonth = components[1];
                } else {
                    dayOfMonth = components[0];
                    year = components[1];
                }
            }
            if (!isoDate) {
                if (between(year, 0, 49)) {
                    year += 2000;
                } else if (between(year, 50, 99)) {
                    year += 1900;
                }
            }
            if (!isMonth(month) || !isDay(dayOfMonth)) {
                return null;
            }
            return new int[] {year, month, dayOfMonth};
        }
    }

    /** Hour, minute, second and millisecond, with the hour an AM or PM moves. */
    private static final class TimeComposer {
        private final int[] components = new int[4];
        private int index;
        private int hourOffset = NONE;

        boolean isEmpty() {
            return index == 0;
        }

        boolean isExpecting(int n) {
            return (index == 1 && isMinute(n)) || (index == 2 && isMinute(n)) || (index == 3 && between(n, 0, 999));
        }

        boolean add(int n) {
            if (index == components.length) {
                return false;
            }
            components[index++] = n;
            return true;
        }

        void addFinal(int n) {
            if (add(n)) {
                while (index < components.length) {
                    components[index++] = 0;
                }
            }
        }

        int[] write() {
            while (index < components.length) {
                components[index++] = 0;
            }
            int hour = components[0];
            int minute = components[1];
            int second = components[2];
            int millisecond = components[3];
            if (hourOffset != NONE) {
                if (!between(hour, 0, 12)) {
                    return null;
                }
                hour = hour % 12 + hourOffset;
            }
            if (!isHour(hour) || !isMinute(minute) || !isMinute(second) || !between(millisecond, 0, 999)) {
                if (hour != 24 || minute != 0 || second != 0 || millisecond != 0) {
                    return null;
                }
            }
            return new int[] {hour, minute, second, millisecond};
        }
    }

    /** A zone named or written as an offset; none means local time. */
    private static final class ZoneComposer {
        private int sign = NONE;
        private int hour = NONE;
        private int minute = NONE;

        void set(int offsetInHours) {
            sign = offsetInHours < 0 ? -1 : 1;
            hour = Math.abs(offsetInHours);
            minute = 0;
        }

        boolean isExpecting(int n) {
            return hour != NONE && minute == NONE && isMinute(n);
        }

        boolean isUtc() {
            return hour == 0 && minute == 0;
        }

        /** The offset in seconds, null for none, {@link Long#MIN_VALUE} for one V8 refuses. */
        Long write() {
            if (sign == NONE) {
                return null;
            }
            long hours = hour == NONE ? 0 : hour;
            long minutes = minute == NONE ? 0 : minute;
            // V8 adds these as 32-bit unsigned numbers
            long total = (hours * 3600L + minutes * 60L) & 0xFFFF_FFFFL;
            if (total > SMI_MAX) {
                return Long.MIN_VALUE;
            }
            return sign < 0 ? -total : total;
        }
    }

    private enum Kind { INVALID, UNKNOWN, WHITESPACE, NUMBER, SYMBOL, END, KEYWORD }

    private enum Word { NONE, MONTH_NAME, TIME_ZONE_NAME, TIME_SEPARATOR, AM_PM }

    /** One token: a number's value, a symbol's character or a keyword's value, with its length in characters. */
    private record Token(Kind kind, Word word, int value, int length) {
        static final Token INVALID = new Token(Kind.INVALID, Word.NONE, 0, 0);
        static final Token END = new Token(Kind.END, Word.NONE, 0, 0);
        static final Token UNKNOWN = new Token(Kind.UNKNOWN, Word.NONE, 0, 1);

        boolean isNumber(int digits) {
            return kind == Kind.NUMBER && length == digits;
        }

        boolean isSymbol(char symbol) {
            return kind == Kind.SYMBOL && value == symbol;
        }

        boolean isSign() {
            return isSymbol('+') || isSymbol('-');
        }

        boolean isKeywordZ() {
            return word == Word.TIME_ZONE_NAME && length == 1 && value == 0;
        }
    }

    /** V8's keyword table: a word matches on its first three letters, and only month names may be longer. */
    private record Keyword(String prefix, Word word, int value) {
        static final Keyword[] TABLE = {
            new Keyword("jan", Word.MONTH_NAME, 1), new Keyword("feb", Word.MONTH_NAME, 2),
            new Keyword("mar", Word.MONTH_NAME, 3), new Keyword("apr", Word.MONTH_NAME, 4),
            new Keyword("may", Word.MONTH_NAME, 5), new Keyword("jun", Word.MONTH_NAME, 6),
            new Keyword("jul", Word.MONTH_NAME, 7), new Keyword("aug", Word.MONTH_NAME, 8),
            new Keyword("sep", Word.MONTH_NAME, 9), new Keyword("oct", Word.MONTH_NAME, 10),
            new Keyword("nov", Word.MONTH_NAME, 11), new Keyword("dec", Word.MONTH_NAME, 12),
            new Keyword("am", Word.AM_PM, 0), new Keyword("pm", Word.AM_PM, 12),
            new Keyword("ut", Word.TIME_ZONE_NAME, 0), new Keyword("utc", Word.TIME_ZONE_NAME, 0),
            new Keyword("z", Word.TIME_ZONE_NAME, 0), new Keyword("gmt", Word.TIME_ZONE_NAME, 0),
            new Keyword("cdt", Word.TIME_ZONE_NAME, -5), new Keyword("cst", Word.TIME_ZONE_NAME, -6),
            new Keyword("edt", Word.TIME_ZONE_NAME, -4), new Keyword("est", Word.TIME_ZONE_NAME, -5),
            new Keyword("mdt", Word.TIME_ZONE_NAME, -6), new Keyword("mst", Word.TIME_ZONE_NAME, -7),
            new Keyword("pdt", Word.TIME_ZONE_NAME, -7), new Keyword("pst", Word.TIME_ZONE_NAME, -8),
            new Keyword("t", Word.TIME_SEPARATOR, 0),
        };

        static Token lookup(String prefix, int length) {
            for (Keyword keyword : TABLE) {
                if (keyword.prefix.equals(prefix) && (length <= 3 || keyword.word == Word.MONTH_NAME)) {
                    return new Token(Kind.KEYWORD, keyword.word, keyword.value, length);
                }
            }
            return new Token(Kind.KEYWORD, Word.NONE, 0, length);
        }
    }

    private static final class Tokenizer {
        private final Reader in;
        private Token next;

        Tokenizer(Reader in) {
            this.in = in;
            this.next = scan();
        }

        Token next() {
            Token result = next;
            next = scan();
            return result;
        }

        Token peek() {
            return next;
        }

        boolean skipSymbol(char symbol) {
            if (next.isSymbol(symbol)) {
                next = scan();
                return true;
            }
            return false;
        }

        private Token scan() {
            int start = in.position();
            if (in.atEnd()) {
                return Token.END;
            }
            if (in.atDigit()) {
                int n = in.readUnsignedNumeral();
                return new Token(Kind.NUMBER, Word.NONE, n, in.position() - start);
            }
            for (char symbol : new char[] {':', '-', '+', '.', ')'}) {
                if (in.skip(symbol)) {
                    return new Token(Kind.SYMBOL, Word.NONE, symbol, 1);
                }
            }
            if (in.atWordCharacter()) {
                StringBuilder prefix = new StringBuilder(3);
                int length = in.readWord(prefix);
                return Keyword.lookup(prefix.toString(), length);
            }
            if (in.skipWhiteSpace()) {
                return new Token(Kind.WHITESPACE, Word.NONE, 0, in.position() - start);
            }
            if (!in.skipParentheses()) {
                in.next();
            }
            return Token.UNKNOWN;
        }
    }

    /** The text one UTF-16 unit at a time; the unit 0 marks the end, as it does for V8. */
    private static final class Reader {
        private final String text;
        private int index;
        private int ch;

        Reader(String text) {
            this.text = text;
            next();
        }

        int position() {
            return index;
        }

        void next() {
            ch = index < text.length() ? text.charAt(index) : 0;
            index++;
        }

        /** Leading zeros are skipped, then at most nine digits count; the rest are read and dropped. */
        int readUnsignedNumeral() {
            while (ch == '0') {
                next();
            }
            int n = 0;
            for (int i = 0; atDigit(); i++, next()) {
                if (i < MAX_SIGNIFICANT_DIGITS) {
                    n = n * 10 + ch - '0';
                }
            }
            return n;
        }

        /** Reads a word (every character from {@code A} up), keeping a lower-cased prefix of three. */
        int readWord(StringBuilder prefix) {
            int length = 0;
            for (; atWordCharacter(); next(), length++) {
                if (length < 3) {
                    prefix.append((char) (ch | 0x20));
                }
            }
            return length;
        }

        boolean skip(char c) {
            if (ch == c) {
                next();
                return true;
            }
            return false;
        }

        /** Only ASCII white space gets here: every character from {@code A} up is read as a word. */
        boolean skipWhiteSpace() {
            if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
                next();
                return true;
            }
            return false;
        }

        boolean skipParentheses() {
            if (ch != '(') {
                return false;
            }
            int balance = 0;
            do {
                if (ch == ')') {
                    balance--;
                } else if (ch == '(') {
                    balance++;
                }
                next();
            } while (balance > 0 && ch != 0);
            return true;
        }

        boolean atEnd() {
            return ch == 0;
        }

        boolean atDigit() {
            return ch >= '0' && ch <= '9';
        }

        boolean atWordCharacter() {
            return ch >= 'A';
        }
    }
}
