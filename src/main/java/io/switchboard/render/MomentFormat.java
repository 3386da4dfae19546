package io.switchboard.render;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.time.temporal.WeekFields;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kibana's {@code FormatDate} lambda: {@code date; timeZone; format} with moment.js parsing and format tokens in
 * moment's English locale. Dates are ISO 8601 (as moment parses them) or RFC 1123; a date without an offset is
 * taken as UTC, the time zone a Kibana server normally runs in.
 */
final class MomentFormat {

    private static final String DEFAULT_TIME_ZONE = "UTC";
    private static final String DEFAULT_FORMAT = "YYYY-MM-DD hh:mma";
    private static final Set<String> TIME_ZONES = ZoneId.getAvailableZoneIds();
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d\\d)(?:-(\\d\\d))?"
            + "(?:[T ](\\d\\d)(?::(\\d\\d)(?::(\\d\\d)(?:[.,](\\d+))?)?)?)?\\s*(Z|[+-]\\d\\d(?::?\\d\\d)?)?");
    private static final Pattern LOCALE_TOKENS = Pattern.compile("\\[[^\\[]*\\]|\\\\?(LTS|LT|LL?L?L?|l{1,4})");
    private static final Map<String, String> LOCALE_FORMATS = Map.of(
            "LTS", "h:mm:ss A", "LT", "h:mm A", "L", "MM/DD/YYYY", "LL", "MMMM D, YYYY",
            "LLL", "MMMM D, YYYY h:mm A", "LLLL", "dddd, MMMM D, YYYY h:mm A", "l", "M/D/YYYY",
            "ll", "MMM D, YYYY", "lll", "MMM D, YYYY h:mm A", "llll", "ddd, MMM D, YYYY h:mm A");
    private static final Pattern TOKENS = Pattern.compile("\\[[^\\[]*\\]|\\\\.|[Hh]mm(?:ss)?|Mo|MM?M?M?|Do|DDDo"
            + "|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(?:ggg?)?"
            + "|GG(?:GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|.", Pattern.DOTALL);
    private static final WeekFields ENGLISH_WEEKS = WeekFields.of(java.time.DayOfWeek.SUNDAY, 1);

    private MomentFormat() {
    }

    static Lambdas.Outcome formatDate(String text) {
        String[] parts = text.split(";", -1);
        String date = parts[0].trim();
        String timeZone = parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : DEFAULT_TIME_ZONE;
        String format = parts.length > 2 && !parts[2].isBlank() ? parts[2].trim() : DEFAULT_FORMAT;
        if (date.isEmpty()) {
            return Lambdas.Outcome.failed("date is empty");
        }
        Instant instant = parse(date);
        if (instant == null) {
            return Lambdas.Outcome.failed("invalid date \"" + date + "\"");
        }
        if (!TIME_ZONES.contains(timeZone)) {
            return Lambdas.Outcome.failed("unknown timeZone value \"" + timeZone + "\"");
        }
        return Lambdas.Outcome.ok(format(instant.atZone(ZoneId.of(timeZone)), format));
    }

    /** The instant, or null when moment (or JavaScript's Date before it) would find the date invalid. */
    static Instant parse(String date) {
        Matcher iso = ISO.matcher(date);
        if (iso.matches()) {
            try {
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                        number(iso.group(3), 1), number(iso.group(4), 0), number(iso.group(5), 0),
                        number(iso.group(6), 0), nanos(iso.group(7)));
                return local.toInstant(offset(iso.group(8)));
            } catch (DateTimeException outOfRange) {
                return null;
            }
        }
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc1123) {
            return null;
        }
    }

    private static int number(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
    }

    /** moment keeps milliseconds only. */
    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String millis = (fraction + "00").substring(0, 3);
        return Integer.parseInt(millis) * 1_000_000;
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = zone.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** moment's {@code format}: known tokens replaced, {@code [text]} and {@code \c} kept literally. */
    static String format(ZonedDateTime time, String format) {
        Matcher locale = LOCALE_TOKENS.matcher(format);
        StringBuilder expanded = new StringBuilder();
        while (locale.find()) {
            String replacement = locale.group(1) != null && !locale.group().startsWith("\\")
                    ? LOCALE_FORMATS.get(locale.group(1))
                    : locale.group();
            locale.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        locale.appendTail(expanded);

        StringBuilder out = new StringBuilder();
        Matcher token = TOKENS.matcher(expanded);
        while (token.find()) {
            out.append(token(time, token.group()));
        }
        return out.toString();
    }

    private static String token(ZonedDateTime t, String token) {
        if (token.startsWith("[") && token.endsWith("]") && token.length() > 1) {
            return token.substring(1, token.length() - 1);
        }
        if (token.startsWith("\\") && token.length() == 2) {
            return token.substring(1);
        }
        int dayOfWeek = t.getDayOfWeek().getValue() % 7;
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        int millis = t.getNano() / 1_000_000;
        return switch (token) {
            case "M" -> String.valueOf(t.getMonthValue());
            case "Mo" -> ordinal(t.getMonthValue());
            case "MM" -> pad(t.getMonthValue(), 2);
            case "MMM" -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "MMMM" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "Q" -> String.valueOf(t.get(IsoFields.QUARTER_OF_YEAR));
            case "Qo" -> ordinal(t.get(IsoFields.QUARTER_OF_YEAR));
            case "D" -> String.valueOf(t.getDayOfMonth());
            case "Do" -> ordinal(t.getDayOfMonth());
            case "DD" -> pad(t.getDayOfMonth(), 2);
            case "DDD" -> String.valueOf(t.getDayOfYear());
            case "DDDo" -> ordinal(t.getDayOfYear());
            case "DDDD" -> pad(t.getDayOfYear(), 3);
            case "d", "e" -> String.valueOf(dayOfWeek);
            case "do" -> ordinal(dayOfWeek);
            case "dd" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).substring(0, 2);
            case "ddd" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "dddd" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "E" -> String.valueOf(t.getDayOfWeek().getValue());
            case "w" -> String.valueOf(t.get(ENGLISH_WEEKS.weekOfWeekBasedYear()));
            case "wo" -> ordinal(t.get(ENGLISH_WEEKS.weekOfWeekBasedYear()));
            case "ww" -> pad(t.get(ENGLISH_WEEKS.weekOfWeekBasedYear()), 2);
            case "W" -> String.valueOf(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "Wo" -> ordinal(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "WW" -> pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
            case "YY", "yy" -> pad(Math.floorMod(t.getYear(), 100), 2);
            case "YYYY", "yyyy" -> pad(t.getYear(), 4);
            case "YYYYY" -> pad(t.getYear(), 5);
            case "YYYYYY" -> (t.getYear() < 0 ? "-" : "+") + pad(Math.abs(t.getYear()), 6);
            case "Y" -> t.getYear() <= 9999 ? pad(t.getYear(), 4) : "+" + t.getYear();
            case "y" -> String.valueOf(t.getYear());
            case "yo" -> ordinal(t.getYear());
            case "yyy" -> pad(t.getYear(), 3);
            case "gg" -> pad(Math.floorMod(t.get(ENGLISH_WEEKS.weekBasedYear()), 100), 2);
            case "gggg" -> pad(t.get(ENGLISH_WEEKS.weekBasedYear()), 4);
            case "ggggg" -> pad(t.get(ENGLISH_WEEKS.weekBasedYear()), 5);
            case "GG" -> pad(Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100), 2);
            case "GGGG" -> pad(t.get(IsoFields.WEEK_BASED_YEAR), 4);
            case "GGGGG" -> pad(t.get(IsoFields.WEEK_BASED_YEAR), 5);
            case "N", "NN", "NNN", "NNNNN" -> "AD";
            case "NNNN" -> "Anno Domini";
            case "a" -> t.getHour() < 12 ? "am" : "pm";
            case "A" -> t.getHour() < 12 ? "AM" : "PM";
            case "H" -> String.valueOf(t.getHour());
            case "HH" -> pad(t.getHour(), 2);
            case "h" -> String.valueOf(hour12);
            case "hh" -> pad(hour12, 2);
            case "k" -> String.valueOf(t.getHour() == 0 ? 24 : t.getHour());
            case "kk" -> pad(t.getHour() == 0 ? 24 : t.getHour(), 2);
            case "Hmm" -> t.getHour() + pad(t.getMinute(), 2);
            case "Hmmss" -> t.getHour() + pad(t.getMinute(), 2) + pad(t.getSecond(), 2);
            case "hmm" -> hour12 + pad(t.getMinute(), 2);
            case "hmmss" -> hour12 + pad(t.getMinute(), 2) + pad(t.getSecond(), 2);
            case "m" -> String.valueOf(t.getMinute());
            case "mm" -> pad(t.getMinute(), 2);
            case "s" -> String.valueOf(t.getSecond());
            case "ss" -> pad(t.getSecond(), 2);
            case "S" -> String.valueOf(millis / 100);
            case "SS" -> pad(millis / 10, 2);
            case "Z" -> offset(t, true);
            case "ZZ" -> offset(t, false);
            case "z", "zz" -> DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
            case "X" -> String.valueOf(t.toEpochSecond());
            case "x" -> String.valueOf(t.toInstant().toEpochMilli());
            default -> token.matches("S{3,9}") ? pad(millis, 3) + "0".repeat(token.length() - 3) : token;
        };
    }

    private static String offset(ZonedDateTime time, boolean colon) {
        int seconds = time.getOffset().getTotalSeconds();
        int minutes = Math.abs(seconds) / 60;
        return (seconds < 0 ? "-" : "+") + pad(minutes / 60, 2) + (colon ? ":" : "") + pad(minutes % 60, 2);
    }

    private static String pad(int value, int width) {
        String digits = String.valueOf(Math.abs(value));
        String padded = digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        return value < 0 ? "-" + padded : padded;
    }

    /** moment's English ordinals: 1st 2nd 3rd 4th, 11th 12th 13th, 21st. */
    private static String ordinal(int number) {
        int lastTwo = number % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (number % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return number + suffix;
    }
}
