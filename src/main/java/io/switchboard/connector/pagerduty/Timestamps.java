package io.switchboard.connector.pagerduty;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether Kibana would accept a PagerDuty timestamp: {@code moment(text).isValid()}. Moment tries its ISO 8601 forms,
 * then RFC 2822, then hands the text to JavaScript's {@code Date} constructor, whose V8 parser is lenient (it skips
 * words before the first number, reads month names, times and zones). This class reproduces that chain closely enough
 * for the texts people send; exotic inputs may still differ.
 */
final class Timestamps {

    private static final Pattern ASP_NET = Pattern.compile("^/?Date\\((-?\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_EXTENDED = Pattern.compile(
            "^\\s*((?:[+-]\\d{6}|\\d{4})-(?:\\d\\d-\\d\\d|W\\d\\d-\\d|W\\d\\d|\\d\\d\\d|\\d\\d))"
                    + "(?:(T| )(\\d\\d(?::\\d\\d(?::\\d\\d(?:[.,]\\d+)?)?)?)([+-]\\d\\d(?::?\\d\\d)?|\\s*Z)?)?$");
    private static final Pattern ISO_BASIC = Pattern.compile(
            "^\\s*((?:[+-]\\d{6}|\\d{4})(?:\\d\\d\\d\\d|W\\d\\d\\d|W\\d\\d|\\d\\d\\d|\\d\\d|))"
                    + "(?:(T| )(\\d\\d(?:\\d\\d(?:\\d\\d(?:[.,]\\d+)?)?)?)([+-]\\d\\d(?::?\\d\\d)?|\\s*Z)?)?$");
    private static final Pattern RFC_2822 = Pattern.compile(
            "^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\\s)?(\\d{1,2})\\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                    + "\\s(\\d{2,4})\\s(\\d\\d):(\\d\\d)(?::(\\d\\d))?\\s(?:(UT|GMT|[ECMP][SD]T)|([Zz])|([+-]\\d{4}))$");

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final Set<String> ZONES =
            Set.of("ut", "utc", "gmt", "z", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt");

    private Timestamps() {
    }

    static boolean isValid(String text) {
        if (ASP_NET.matcher(text).find()) {
            return true;
        }
        IsoResult iso = iso(text);
        if (iso != IsoResult.NO_MATCH) {
            return iso == IsoResult.VALID;
        }
        if (RFC_2822.matcher(rfcPreprocess(text)).matches()) {
            return true;
        }
        return javascriptDate(text);
    }

    private enum IsoResult { VALID, OVERFLOW, NO_MATCH }

    private static IsoResult iso(String text) {
        Matcher m = ISO_EXTENDED.matcher(text);
        boolean extended = m.matches();
        if (!extended) {
            m = ISO_BASIC.matcher(text);
            if (!m.matches()) {
                return IsoResult.NO_MATCH;
            }
        }
        String date = m.group(1).replace("-", "");
        String sign = "";
        if (date.startsWith("+") || date.startsWith("-")) {
            sign = date.substring(0, 1);
            date = date.substring(1);
        }
        int yearDigits = sign.isEmpty() ? 4 : 6;
        boolean hasTime = m.group(3) != null;
        String rest = date.substring(Math.min(yearDigits, date.length()));
        long year = Long.parseLong(date.substring(0, Math.min(yearDigits, date.length())));
        year = sign.equals("-") ? -year : year;
        boolean allowTime;
        boolean dateValid;
        if (rest.startsWith("W")) {
            int week = Integer.parseInt(rest.substring(1, 3));
            allowTime = rest.length() == 4;
            dateValid = week >= 1 && week <= 53 && (rest.length() == 3 || inRange(rest.substring(3), 1, 7));
        } else if (rest.length() == 4) {
            allowTime = true;
            dateValid = validDay(year, Integer.parseInt(rest.substring(0, 2)), Integer.parseInt(rest.substring(2)));
        } else if (rest.length() == 3) {
            allowTime = true;
            dateValid = inRange(rest, 1, Year.isLeap(year) ? 366 : 365);
        } else if (rest.length() == 2) {
            allowTime = false;
            dateValid = inRange(rest, 1, 12);
        } else if (rest.isEmpty() && sign.isEmpty()) {
            allowTime = false;
            dateValid = true;
        } else {
            return IsoResult.NO_MATCH;
        }
        if (hasTime && !allowTime) {
            return IsoResult.NO_MATCH;
        }
        if (hasTime && !validTime(m.group(3).replace(":", ""))) {
            return IsoResult.OVERFLOW;
        }
        return dateValid ? IsoResult.VALID : IsoResult.OVERFLOW;
    }

    private static boolean validTime(String digits) {
        String[] parts = digits.split("[.,]");
        String hms = parts[0];
        int hour = Integer.parseInt(hms.substring(0, 2));
        int minute = hms.length() >= 4 ? Integer.parseInt(hms.substring(2, 4)) : 0;
        int second = hms.length() >= 6 ? Integer.parseInt(hms.substring(4, 6)) : 0;
        boolean fraction = parts.length > 1 && !parts[1].matches("0*");
        if (hour == 24) {
            return minute == 0 && second == 0 && !fraction;
        }
        return hour <= 23 && minute <= 59 && second <= 59;
    }

    private static boolean validDay(long year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        try {
            return day <= LocalDate.of((int) Math.max(Math.min(year, 999_999), -999_999), month, 1).lengthOfMonth();
        } catch (DateTimeException outOfRange) {
            return false;
        }
    }

    private static boolean inRange(String number, int min, int max) {
        int value = Integer.parseInt(number);
        return value >= min && value <= max;
    }

    private static String rfcPreprocess(String text) {
        return text.replaceAll("\\([^()]*\\)|[\n\t]", " ").replaceAll("(\\s\\s+)", " ").strip();
    }

    /** V8's fallback ("legacy") date parser, reduced to the rules that decide valid or not. */
    private static boolean javascriptDate(String text) {
        Tokens tokens = new Tokens(text);
        List<Long> day = new ArrayList<>();
        List<Long> time = new ArrayList<>();
        boolean timeFinal = false;
        boolean namedMonth = false;
        boolean amPm = false;
        boolean hasReadNumber = false;
        boolean zone = false;
        boolean expectingZoneMinutes = false;
        long hourForAmPm = -1;
        while (!tokens.atEnd()) {
            Token token = tokens.next();
            switch (token.kind) {
                case NUMBER -> {
                    hasReadNumber = true;
                    long n = token.number;
                    if (tokens.skip(':')) {
                        if (tokens.skip(':')) {
                            if (!time.isEmpty()) {
                                return false;
                            }
                            time.add(n);
                            time.add(0L);
                        } else {
                            if (timeFinal || time.size() >= 4) {
                                return false;
                            }
                            time.add(n);
                            if (tokens.peekSymbol('.')) {
                                tokens.next();
                            }
                        }
                    } else if (!time.isEmpty() && !timeFinal && tokens.peekSymbol('.')) {
                        tokens.next();
                        time.add(n);
                        if (!tokens.peekNumber()) {
                            return false;
                        }
                        tokens.next();
                        timeFinal = true;
                    } else if (expectingZoneMinutes) {
                        expectingZoneMinutes = false;
                    } else if (!time.isEmpty() && !timeFinal) {
                        time.add(n);
                        timeFinal = true;
                        if (!tokens.atEnd() && !tokens.peekWhitespace() && !tokens.peekWord("z")
                                && !tokens.peekSymbol('+') && !tokens.peekSymbol('-')) {
                            return false;
                        }
                    } else {
                        if (day.size() >= 3) {
                            return false;
                        }
                        day.add(n);
                        tokens.skip('-');
                    }
                }
                case WORD -> {
                    String word = token.word.length() > 3 ? token.word.substring(0, 3) : token.word;
                    if ((word.equals("am") || word.equals("pm")) && !time.isEmpty()) {
                        amPm = true;
                        hourForAmPm = time.get(0);
                    } else if (MONTHS.contains(word)) {
                        namedMonth = true;
                        tokens.skip('-');
                    } else if (ZONES.contains(token.word) && hasReadNumber) {
                        zone = true;
                    } else if (token.word.equals("t") && hasReadNumber) {
                        continue;
                    } else {
                        if (hasReadNumber || tokens.peekNumber()) {
                            return false;
                        }
                    }
                }
                case SIGN -> {
                    if ((zone || !time.isEmpty()) && tokens.peekNumber()) {
                        Token offset = tokens.next();
                        if (tokens.skip(':')) {
                            expectingZoneMinutes = true;
                        } else if (offset.digits > 4) {
                            return false;
                        }
                        zone = true;
                    } else if (hasReadNumber) {
                        return false;
                    }
                }
                case CLOSE_PAREN -> {
                    if (hasReadNumber) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        if (day.isEmpty()) {
            return false;
        }
        while (day.size() < 3) {
            day.add(1L);
        }
        long year;
        long month;
        long dayOfMonth;
        if (!namedMonth) {
            if (!isDay(day.get(0))) {
                year = day.get(0);
                month = day.get(1);
                dayOfMonth = day.get(2);
            } else {
                month = day.get(0);
                dayOfMonth = day.get(1);
                year = day.get(2);
            }
        } else {
            month = 1;
            if (!isDay(day.get(0))) {
                year = day.get(0);
                dayOfMonth = day.get(1);
            } else {
                dayOfMonth = day.get(0);
                year = day.get(1);
            }
        }
        if (year > 275_760 || month < 1 || month > 12 || !isDay(dayOfMonth)) {
            return false;
        }
        while (time.size() < 4) {
            time.add(0L);
        }
        long hour = time.get(0);
        if (amPm && (hourForAmPm < 0 || hourForAmPm > 12)) {
            return false;
        }
        if (amPm) {
            hour = hour % 12;
        }
        if (hour > 23 || time.get(1) > 59 || time.get(2) > 59) {
            return hour == 24 && time.get(1) == 0 && time.get(2) == 0 && time.get(3) == 0;
        }
        return true;
    }

    private static boolean isDay(long value) {
        return value >= 1 && value <= 31;
    }

    private enum Kind { NUMBER, WORD, SIGN, SYMBOL, WHITESPACE, CLOSE_PAREN }

    private record Token(Kind kind, long number, int digits, String word, char symbol) {
    }

    private static final class Tokens {
        private final String text;
        private int at;

        Tokens(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        Token next() {
            char c = text.charAt(at);
            if (Character.isDigit(c) && c < 128) {
                int start = at;
                while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                    at++;
                }
                String digits = text.substring(start, at);
                long value = digits.length() > 15 ? Long.MAX_VALUE / 2 : Long.parseLong(digits);
                return new Token(Kind.NUMBER, value, digits.length(), null, c);
            }
            if (Character.isLetter(c)) {
                int start = at;
                while (at < text.length() && Character.isLetter(text.charAt(at))) {
                    at++;
                }
                return new Token(Kind.WORD, 0, 0, text.substring(start, at).toLowerCase(Locale.ROOT), c);
            }
            if (c == '(') {
                int depth = 0;
                do {
                    if (text.charAt(at) == '(') {
                        depth++;
                    } else if (text.charAt(at) == ')') {
                        depth--;
                    }
                    at++;
                } while (depth > 0 && at < text.length());
                return new Token(Kind.WHITESPACE, 0, 0, null, c);
            }
            at++;
            if (Character.isWhitespace(c)) {
                return new Token(Kind.WHITESPACE, 0, 0, null, c);
            }
            if (c == '+' || c == '-') {
                return new Token(Kind.SIGN, 0, 0, null, c);
            }
            if (c == ')') {
                return new Token(Kind.CLOSE_PAREN, 0, 0, null, c);
            }
            return new Token(Kind.SYMBOL, 0, 0, null, c);
        }

        boolean skip(char symbol) {
            if (peekSymbol(symbol)) {
                at++;
                return true;
            }
            return false;
        }

        boolean peekSymbol(char symbol) {
            return !atEnd() && text.charAt(at) == symbol;
        }

        boolean peekNumber() {
            return !atEnd() && text.charAt(at) >= '0' && text.charAt(at) <= '9';
        }

        boolean peekWhitespace() {
            return !atEnd() && Character.isWhitespace(text.charAt(at));
        }

        boolean peekWord(String word) {
            return !atEnd() && text.regionMatches(true, at, word, 0, word.length());
        }
    }
}
