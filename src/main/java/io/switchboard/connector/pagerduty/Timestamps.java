package io.switchboard.connector.pagerduty;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PagerDuty timestamp read as Kibana reads it, {@code moment(text)} (moment 2.31): the ASP.NET JSON form, then
 * moment's ISO 8601 forms, then RFC 2822, then JavaScript's {@code Date} constructor ({@link JavaScriptDates}).
 * What this refuses is what Kibana's validation refuses; what it reads is the instant Kibana sends as
 * {@code toISOString()}. A timestamp without an offset is read as UTC: Kibana reads it in the server's zone,
 * which is UTC in its container image.
 */
final class Timestamps {

    /** JavaScript's {@code \s}, which is also what {@code String.prototype.trim} removes. */
    private static final String SPACE = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F"
            + "\\u205F\\u3000\\uFEFF]";
    private static final Pattern TRIM = Pattern.compile("^" + SPACE + "+|" + SPACE + "+\\z");

    private static final Pattern ASP_NET = Pattern.compile("^/?Date\\((-?\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_EXTENDED = Pattern.compile("^" + SPACE
            + "*((?:[+-]\\d{6}|\\d{4})-(?:\\d\\d-\\d\\d|W\\d\\d-\\d|W\\d\\d|\\d\\d\\d|\\d\\d))"
            + "(?:(T| )(\\d\\d(?::\\d\\d(?::\\d\\d(?:[.,]\\d+)?)?)?)([+-]\\d\\d(?::?\\d\\d)?|" + SPACE + "*Z)?)?\\z");
    private static final Pattern ISO_BASIC = Pattern.compile("^" + SPACE
            + "*((?:[+-]\\d{6}|\\d{4})(?:\\d\\d\\d\\d|W\\d\\d\\d|W\\d\\d|\\d\\d\\d|\\d\\d|))"
            + "(?:(T| )(\\d\\d(?:\\d\\d(?:\\d\\d(?:[.,]\\d+)?)?)?)([+-]\\d\\d(?::?\\d\\d)?|" + SPACE + "*Z)?)?\\z");
    private static final Pattern RFC_2822 = Pattern.compile("^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),?" + SPACE + ")?"
            + "(\\d{1,2})" + SPACE + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)" + SPACE + "(\\d{2,4})"
            + SPACE + "(\\d\\d):(\\d\\d)(?::(\\d\\d))?" + SPACE + "(?:(UT|GMT|[ECMP][SD]T)|([Zz])|([+-]\\d{4}))\\z");
    private static final Pattern RFC_COMMENT_OR_FOLD = Pattern.compile("\\([^()]*\\)|[\\n\\t]");
    private static final Pattern RFC_SPACES = Pattern.compile(SPACE + SPACE + "+");
    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final List<String> WEEKDAYS = List.of("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat");

    private Timestamps() {
    }

    /** The text without the white space JavaScript's {@code trim()} removes. */
    static String trim(String text) {
        return TRIM.matcher(text).replaceAll("");
    }

    /** The instant moment reads in the (trimmed) text, or empty where moment's answer is invalid. */
    static Optional<Instant> parse(String text) {
        OptionalLong millis = millis(text);
        return millis.isPresent() ? Optional.of(Instant.ofEpochMilli(millis.getAsLong())) : Optional.empty();
    }

    private static OptionalLong millis(String text) {
        Matcher aspNet = ASP_NET.matcher(text);
        if (aspNet.find()) {
            BigInteger value = new BigInteger(aspNet.group(1));
            return value.abs().compareTo(BigInteger.valueOf(JavaScriptDates.MAX_TIME)) > 0
                    ? OptionalLong.empty() : OptionalLong.of(value.longValueExact());
        }
        Optional<OptionalLong> iso = MomentIso.parse(text);
        if (iso.isPresent()) {
            return iso.get();
        }
        Matcher rfc = RFC_2822.matcher(preprocessRfc2822(text));
        if (rfc.find()) {
            return rfc2822(rfc);
        }
        return JavaScriptDates.parse(text);
    }

    /** moment's {@code preprocessRFC2822}: comments and folding white space become single spaces, ends trimmed. */
    private static String preprocessRfc2822(String text) {
        String unfolded = RFC_COMMENT_OR_FOLD.matcher(text).replaceAll(" ");
        return TRIM.matcher(RFC_SPACES.matcher(unfolded).replaceAll(" ")).replaceAll("");
    }

    /**
     * An RFC 2822 date as moment reads it. A weekday that is not the date's makes the answer invalid (moment keeps
     * the mismatch even after handing the text to {@code Date}), and so does a day, hour, minute or second out of
     * range.
     */
    private static OptionalLong rfc2822(Matcher m) {
        int year = untruncateYear(Integer.parseInt(m.group(4)));
        int month = MONTHS.indexOf(m.group(3)) + 1;
        int day = Integer.parseInt(m.group(2));
        int hour = Integer.parseInt(m.group(5));
        int minute = Integer.parseInt(m.group(6));
        int second = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
        if (m.group(1) != null) {
            LocalDate date = LocalDate.of(year, month, 1).plusDays(day - 1L);
            if (WEEKDAYS.indexOf(m.group(1)) != date.getDayOfWeek().getValue() % 7) {
                return OptionalLong.empty();
            }
        }
        if (day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return OptionalLong.empty();
        }
        int offsetMinutes;
        if (m.group(8) != null) {
            offsetMinutes = switch (m.group(8)) {
                case "EDT" -> -4 * 60;
                case "EST", "CDT" -> -5 * 60;
                case "CST", "MDT" -> -6 * 60;
                case "MST", "PDT" -> -7 * 60;
                case "PST" -> -8 * 60;
                default -> 0;
            };
        } else if (m.group(9) != null) {
            offsetMinutes = 0;
        } else {
            int hoursMinutes = Integer.parseInt(m.group(10));
            offsetMinutes = hoursMinutes / 100 * 60 + hoursMinutes % 100;
        }
        long millis = (LocalDate.of(year, month, day).toEpochDay() * 86_400L
                + hour * 3600L + minute * 60L + second - offsetMinutes * 60L) * 1000L;
        return inRange(millis) ? OptionalLong.of(millis) : OptionalLong.empty();
    }

    private static int untruncateYear(int year) {
        if (year <= 49) {
            return 2000 + year;
        }
        return year <= 999 ? 1900 + year : year;
    }

    static boolean inRange(long millis) {
        return Math.abs(millis) <= JavaScriptDates.MAX_TIME;
    }

    /**
     * moment's {@code configFromISO}: the text must match one of its two ISO patterns; the date, time and offset
     * parts choose a format, which moment's lenient token parser then reads (each token searched for in what is left
     * of the text). Empty when the text is not one of these forms and moment goes on to the next reader; an empty
     * answer inside when it is one, but not a valid date.
     */
    private static final class MomentIso {

        private static final Pattern ONE_TO_TWO = Pattern.compile("\\d\\d?");
        private static final Pattern ONE_TO_THREE = Pattern.compile("\\d{1,3}");
        private static final Pattern ONE_TO_FOUR = Pattern.compile("\\d{1,4}");
        private static final Pattern ONE_TO_SIX = Pattern.compile("[+-]?\\d{1,6}");
        private static final Pattern UNSIGNED = Pattern.compile("\\d+");
        private static final Pattern SHORT_OFFSET = Pattern.compile("Z|[+-]\\d\\d(?::?\\d\\d)?",
                Pattern.CASE_INSENSITIVE);
        private static final Pattern OFFSET_CHUNK = Pattern.compile("[+-]|\\d\\d");

        private enum Field { YEAR, MONTH, DAY, DAY_OF_YEAR, WEEK_YEAR, WEEK, WEEKDAY, HOUR, MINUTE, SECOND, FRACTION,
            OFFSET, LITERAL }

        private record Part(Field field, Pattern pattern) {
            static Part literal(String text) {
                return new Part(Field.LITERAL, Pattern.compile(Pattern.quote(text)));
            }
        }

        private record Form(Pattern recognises, boolean allowsTime, List<Part> parts) {
        }

        private static final Part Y4 = new Part(Field.YEAR, ONE_TO_FOUR);
        private static final Part Y6 = new Part(Field.YEAR, ONE_TO_SIX);
        private static final Part MM = new Part(Field.MONTH, ONE_TO_TWO);
        private static final Part DD = new Part(Field.DAY, ONE_TO_TWO);
        private static final Part DDD = new Part(Field.DAY_OF_YEAR, ONE_TO_THREE);
        private static final Part GGGG = new Part(Field.WEEK_YEAR, ONE_TO_FOUR);
        private static final Part WW = new Part(Field.WEEK, ONE_TO_TWO);
        private static final Part E = new Part(Field.WEEKDAY, ONE_TO_TWO);
        private static final Part HH = new Part(Field.HOUR, ONE_TO_TWO);
        private static final Part MIN = new Part(Field.MINUTE, ONE_TO_TWO);
        private static final Part SS = new Part(Field.SECOND, ONE_TO_TWO);
        private static final Part FRACTION = new Part(Field.FRACTION, UNSIGNED);
        private static final Part OFFSET = new Part(Field.OFFSET, SHORT_OFFSET);
        private static final Part DASH = Part.literal("-");
        private static final Part W = Part.literal("W");
        private static final Part COLON = Part.literal(":");

        /** moment's {@code isoDates}, in its order; the first whose pattern occurs in the date part is used. */
        private static final List<Form> DATES = List.of(
                new Form(Pattern.compile("[+-]\\d{6}-\\d\\d-\\d\\d"), true, List.of(Y6, DASH, MM, DASH, DD)),
                new Form(Pattern.compile("\\d{4}-\\d\\d-\\d\\d"), true, List.of(Y4, DASH, MM, DASH, DD)),
                new Form(Pattern.compile("\\d{4}-W\\d\\d-\\d"), true, List.of(GGGG, DASH, W, WW, DASH, E)),
                new Form(Pattern.compile("\\d{4}-W\\d\\d"), false, List.of(GGGG, DASH, W, WW)),
                new Form(Pattern.compile("\\d{4}-\\d{3}"), true, List.of(Y4, DASH, DDD)),
                new Form(Pattern.compile("\\d{4}-\\d\\d"), false, List.of(Y4, DASH, MM)),
                new Form(Pattern.compile("[+-]\\d{10}"), true, List.of(Y6, MM, DD)),
                new Form(Pattern.compile("\\d{8}"), true, List.of(Y4, MM, DD)),
                new Form(Pattern.compile("\\d{4}W\\d{3}"), true, List.of(GGGG, W, WW, E)),
                new Form(Pattern.compile("\\d{4}W\\d{2}"), false, List.of(GGGG, W, WW)),
                new Form(Pattern.compile("\\d{7}"), true, List.of(Y4, DDD)),
                new Form(Pattern.compile("\\d{6}"), false, List.of(Y4, MM)),
                new Form(Pattern.compile("\\d{4}"), false, List.of(Y4)));

        /** moment's {@code isoTimes}, in its order. */
        private static final List<Form> TIMES = List.of(
                new Form(Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d+"), true,
                        List.of(HH, COLON, MIN, COLON, SS, Part.literal("."), FRACTION)),
                new Form(Pattern.compile("\\d\\d:\\d\\d:\\d\\d,\\d+"), true,
                        List.of(HH, COLON, MIN, COLON, SS, Part.literal(","), FRACTION)),
                new Form(Pattern.compile("\\d\\d:\\d\\d:\\d\\d"), true, List.of(HH, COLON, MIN, COLON, SS)),
                new Form(Pattern.compile("\\d\\d:\\d\\d"), true, List.of(HH, COLON, MIN)),
                new Form(Pattern.compile("\\d\\d\\d\\d\\d\\d\\.\\d+"), true,
                        List.of(HH, MIN, SS, Part.literal("."), FRACTION)),
                new Form(Pattern.compile("\\d\\d\\d\\d\\d\\d,\\d+"), true,
                        List.of(HH, MIN, SS, Part.literal(","), FRACTION)),
                new Form(Pattern.compile("\\d\\d\\d\\d\\d\\d"), true, List.of(HH, MIN, SS)),
                new Form(Pattern.compile("\\d\\d\\d\\d"), true, List.of(HH, MIN)),
                new Form(Pattern.compile("\\d\\d"), true, List.of(HH)));

        static Optional<OptionalLong> parse(String text) {
            Matcher m = ISO_EXTENDED.matcher(text);
            if (!m.find()) {
                m = ISO_BASIC.matcher(text);
                if (!m.find()) {
                    return Optional.empty();
                }
            }
            Form date = first(DATES, m.group(1));
            if (date == null) {
                return Optional.empty();
            }
            List<Part> parts = new ArrayList<>(date.parts());
            if (m.group(3) != null) {
                Form time = first(TIMES, m.group(3));
                if (time == null || !date.allowsTime()) {
                    return Optional.empty();
                }
                parts.add(Part.literal(m.group(2)));
                parts.addAll(time.parts());
            }
            if (m.group(4) != null) {
                parts.add(OFFSET);
            }
            return Optional.of(read(text, parts));
        }

        private static Form first(List<Form> forms, String part) {
            return forms.stream().filter(form -> form.recognises().matcher(part).find()).findFirst().orElse(null);
        }

        /** moment's {@code configFromStringAndFormat}, {@code configFromArray} and {@code checkOverflow}. */
        private static OptionalLong read(String text, List<Part> parts) {
            Fields fields = new Fields();
            String rest = text;
            for (Part part : parts) {
                Matcher found = part.pattern().matcher(rest);
                if (found.find()) {
                    rest = rest.substring(found.end());
                    if (!fields.set(part.field(), found.group())) {
                        return OptionalLong.empty();
                    }
                }
            }
            return fields.millis();
        }

        private static final class Fields {
            private Integer year;
            private Integer month;
            private int day = 1;
            private Integer dayOfYear;
            private Integer weekYear;
            private Integer week;
            private Integer weekday;
            private int hour;
            private int minute;
            private int second;
            private int millisecond;
            private Integer offsetMinutes;

            /** Records one parsed token; false for an offset moment 2.31 refuses. */
            boolean set(Field field, String input) {
                switch (field) {
                    case YEAR -> year = input.length() == 2 ? twoDigitYear(toInt(input)) : toInt(input);
                    case MONTH -> month = toInt(input);
                    case DAY -> day = toInt(input);
                    case DAY_OF_YEAR -> dayOfYear = toInt(input);
                    case WEEK_YEAR -> weekYear = toInt(input);
                    case WEEK -> week = toInt(input);
                    case WEEKDAY -> weekday = toInt(input);
                    case HOUR -> hour = toInt(input);
                    case MINUTE -> minute = toInt(input);
                    case SECOND -> second = toInt(input);
                    case FRACTION -> millisecond = (int) Math.floor(Double.parseDouble("0." + input) * 1000);
                    case OFFSET -> {
                        offsetMinutes = offsetMinutes(input);
                        return offsetMinutes != null;
                    }
                    case LITERAL -> {
                    }
                }
                return true;
            }

            OptionalLong millis() {
                LocalDate date;
                if (weekYear != null) {
                    int weekNumber = week == null ? 1 : week;
                    int isoWeekday = weekday == null ? 1 : weekday;
                    LocalDate fourthOfJanuary = LocalDate.of(weekYear, 1, 4);
                    if (weekNumber < 1
                            || weekNumber > IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(fourthOfJanuary).getMaximum()
                            || isoWeekday < 1 || isoWeekday > 7) {
                        return OptionalLong.empty();
                    }
                    date = fourthOfJanuary.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, weekNumber)
                            .with(ChronoField.DAY_OF_WEEK, isoWeekday);
                } else if (dayOfYear != null) {
                    if (dayOfYear < 1 || dayOfYear > LocalDate.of(year, 1, 1).lengthOfYear()) {
                        return OptionalLong.empty();
                    }
                    date = LocalDate.ofYearDay(year, dayOfYear);
                } else {
                    int monthOfYear = month == null ? 1 : month;
                    if (monthOfYear < 1 || monthOfYear > 12 || day < 1
                            || day > LocalDate.of(year, monthOfYear, 1).lengthOfMonth()) {
                        return OptionalLong.empty();
                    }
                    date = LocalDate.of(year, monthOfYear, day);
                }
                if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || millisecond != 0)) || minute > 59
                        || second > 59 || millisecond > 999) {
                    return OptionalLong.empty();
                }
                long local = (date.toEpochDay() * 86_400L + (hour % 24) * 3600L + minute * 60L + second) * 1000L
                        + millisecond;
                if (!inRange(local)) {
                    return OptionalLong.empty();
                }
                long millis = local - (offsetMinutes == null ? 0 : offsetMinutes * 60_000L);
                if (hour == 24) {
                    millis += 86_400_000L;
                }
                return inRange(millis) ? OptionalLong.of(millis) : OptionalLong.empty();
            }

            /** moment's {@code offsetFromString}, with the range check moment 2.31 added: at most +14:00 or -12:00. */
            private static Integer offsetMinutes(String input) {
                Matcher chunks = OFFSET_CHUNK.matcher(input);
                String sign = chunks.find() ? chunks.group() : "-";
                int hours = chunks.find() ? toInt(chunks.group()) : 0;
                int minutes = chunks.find() ? toInt(chunks.group()) : 0;
                int total = hours * 60 + minutes;
                if (minutes > 59 || total > ("+".equals(sign) ? 14 * 60 : 12 * 60)) {
                    return null;
                }
                return "+".equals(sign) ? total : -total;
            }

            private static int toInt(String digits) {
                return Integer.parseInt(digits.startsWith("+") ? digits.substring(1) : digits);
            }

            private static int twoDigitYear(int year) {
                return year + (year > 68 ? 1900 : 2000);
            }
        }
    }
}
