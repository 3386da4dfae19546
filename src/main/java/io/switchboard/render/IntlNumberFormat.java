package io.switchboard.render;

import com.ibm.icu.number.IntegerWidth;
import com.ibm.icu.number.LocalizedNumberFormatter;
import com.ibm.icu.number.Notation;
import com.ibm.icu.number.NumberFormatter;
import com.ibm.icu.number.NumberFormatter.GroupingStrategy;
import com.ibm.icu.number.NumberFormatter.SignDisplay;
import com.ibm.icu.number.NumberFormatter.UnitWidth;
import com.ibm.icu.number.Precision;
import com.ibm.icu.number.Scale;
import com.ibm.icu.text.NumberingSystem;
import com.ibm.icu.util.Currency;
import com.ibm.icu.util.MeasureUnit;
import com.ibm.icu.util.NoUnit;
import com.ibm.icu.util.ULocale;

import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kibana's {@code FormatNumber} lambda: {@code number; locales; options}, formatted as JavaScript's
 * {@code Intl.NumberFormat} does (which is ICU underneath), with V8's error messages. Locales default to en-US;
 * options are {@code key: value} pairs. Supported options: style, currency, currencyDisplay, currencySign, unit,
 * unitDisplay, notation, compactDisplay, signDisplay, useGrouping, numberingSystem, minimumIntegerDigits,
 * minimumFractionDigits, maximumFractionDigits, minimumSignificantDigits, maximumSignificantDigits; others are
 * ignored, as Intl ignores options it does not know.
 */
final class IntlNumberFormat {

    private static final Pattern JS_FLOAT = Pattern.compile(
            "[+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    private IntlNumberFormat() {
    }

    static Lambdas.Outcome format(String text) {
        String[] parts = text.split(";", -1);
        if (parts.length < 3) {
            return Lambdas.Outcome.failed("invalid format, missing semicolons: '" + text + "'");
        }
        String numberText = parts[0].trim();
        Double number = parseFloat(numberText);
        if (number == null) {
            return Lambdas.Outcome.failed("invalid number: '" + numberText + "'");
        }
        Map<String, Object> options = new HashMap<>();
        for (String pair : parts[2].trim().split(",", -1)) {
            String keyValue = pair.trim();
            if (keyValue.isEmpty()) {
                continue;
            }
            String[] split = keyValue.split(":", -1);
            if (split.length < 2) {
                return Lambdas.Outcome.failed("invalid options: missing colon in option: '" + keyValue + "'");
            }
            options.put(split[0].trim(), optionValue(split[1].trim()));
        }
        try {
            return Lambdas.Outcome.ok(formatter(locale(parts[1]), options).format(number).toString());
        } catch (IntlError error) {
            return Lambdas.Outcome.failed("error formatting number: " + error.getMessage());
        }
    }

    /** JavaScript's {@code parseFloat}: the longest number at the start of the text, or null for NaN. */
    static Double parseFloat(String text) {
        Matcher matcher = JS_FLOAT.matcher(text.stripLeading());
        if (!matcher.lookingAt()) {
            return null;
        }
        String number = matcher.group();
        if (number.endsWith("Infinity")) {
            return number.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(number);
    }

    /** Kibana reads a number where it can, then {@code true}/{@code false}, else keeps the text. */
    private static Object optionValue(String text) {
        Double number = parseFloat(text);
        if (number != null) {
            return number;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        return text;
    }

    private static ULocale locale(String locales) {
        for (String tag : locales.split(",")) {
            if (!tag.isBlank()) {
                ULocale locale = ULocale.forLanguageTag(tag.trim());
                if (locale.getLanguage().isEmpty()) {
                    throw new IntlError("Incorrect locale information provided");
                }
                return locale;
            }
        }
        return ULocale.forLanguageTag("en-US");
    }

    private static LocalizedNumberFormatter formatter(ULocale locale, Map<String, Object> options) {
        LocalizedNumberFormatter formatter = NumberFormatter.withLocale(locale).roundingMode(RoundingMode.HALF_UP);
        String numberingSystem = text(options, "numberingSystem", null, null);
        if (numberingSystem != null) {
            NumberingSystem system = NumberingSystem.getInstanceByName(numberingSystem);
            if (system != null) {
                formatter = formatter.symbols(system);
            }
        }
        String style = text(options, "style", "decimal", List.of("decimal", "percent", "currency", "unit"));
        String currencyCode = text(options, "currency", null, null);
        if (currencyCode != null && !currencyCode.matches("[A-Za-z]{3}")) {
            throw new IntlError("Invalid currency code : " + currencyCode);
        }
        String currencyDisplay = text(options, "currencyDisplay", "symbol",
                List.of("code", "symbol", "narrowSymbol", "name"));
        String currencySign = text(options, "currencySign", "standard", List.of("standard", "accounting"));
        String unit = text(options, "unit", null, null);
        String unitDisplay = text(options, "unitDisplay", "short", List.of("short", "narrow", "long"));
        int currencyDigits = 0;
        switch (style) {
            case "currency" -> {
                if (currencyCode == null) {
                    throw new IntlError("Currency code is required with currency style.");
                }
                Currency currency = Currency.getInstance(currencyCode.toUpperCase(java.util.Locale.ROOT));
                currencyDigits = currency.getDefaultFractionDigits();
                formatter = formatter.unit(currency).unitWidth(switch (currencyDisplay) {
                    case "code" -> UnitWidth.ISO_CODE;
                    case "narrowSymbol" -> UnitWidth.NARROW;
                    case "name" -> UnitWidth.FULL_NAME;
                    default -> UnitWidth.SHORT;
                });
            }
            case "percent" -> formatter = formatter.unit(NoUnit.PERCENT).scale(Scale.powerOfTen(2));
            case "unit" -> {
                if (unit == null) {
                    throw new IntlError("Unit is required with unit style.");
                }
                try {
                    formatter = formatter.unit(MeasureUnit.forIdentifier(unit));
                } catch (IllegalArgumentException unknown) {
                    throw new IntlError("Invalid unit argument for Intl.NumberFormat() '" + unit + "'");
                }
                formatter = formatter.unitWidth(switch (unitDisplay) {
                    case "narrow" -> UnitWidth.NARROW;
                    case "long" -> UnitWidth.FULL_NAME;
                    default -> UnitWidth.SHORT;
                });
            }
            default -> {
            }
        }
        String notation = text(options, "notation", "standard",
                List.of("standard", "scientific", "engineering", "compact"));
        String compactDisplay = text(options, "compactDisplay", "short", List.of("short", "long"));
        switch (notation) {
            case "scientific" -> formatter = formatter.notation(Notation.scientific());
            case "engineering" -> formatter = formatter.notation(Notation.engineering());
            case "compact" -> formatter = formatter.notation(compactDisplay.equals("long")
                    ? Notation.compactLong() : Notation.compactShort());
            default -> {
            }
        }
        formatter = formatter.integerWidth(IntegerWidth.zeroFillTo(integer(options, "minimumIntegerDigits", 1, 21, 1)));
        formatter = precision(formatter, options, style, notation, currencyDigits);
        boolean accounting = currencySign.equals("accounting");
        String signDisplay = text(options, "signDisplay", "auto",
                List.of("auto", "never", "always", "exceptZero", "negative"));
        formatter = formatter.sign(switch (signDisplay) {
            case "never" -> SignDisplay.NEVER;
            case "always" -> accounting ? SignDisplay.ACCOUNTING_ALWAYS : SignDisplay.ALWAYS;
            case "exceptZero" -> accounting ? SignDisplay.ACCOUNTING_EXCEPT_ZERO : SignDisplay.EXCEPT_ZERO;
            case "negative" -> accounting ? SignDisplay.ACCOUNTING_NEGATIVE : SignDisplay.NEGATIVE;
            default -> accounting ? SignDisplay.ACCOUNTING : SignDisplay.AUTO;
        });
        Object grouping = options.get("useGrouping");
        if (Boolean.FALSE.equals(grouping) || "false".equals(grouping)) {
            formatter = formatter.grouping(GroupingStrategy.OFF);
        } else if ("min2".equals(grouping)) {
            formatter = formatter.grouping(GroupingStrategy.MIN2);
        } else if ("always".equals(grouping)) {
            formatter = formatter.grouping(GroupingStrategy.ON_ALIGNED);
        }
        return formatter;
    }

    /** Intl's digit options: significant digits win when given; otherwise fraction digits with style defaults. */
    private static LocalizedNumberFormatter precision(LocalizedNumberFormatter formatter, Map<String, Object> options,
                                                      String style, String notation, int currencyDigits) {
        boolean significant = options.containsKey("minimumSignificantDigits")
                || options.containsKey("maximumSignificantDigits");
        boolean fraction = options.containsKey("minimumFractionDigits")
                || options.containsKey("maximumFractionDigits");
        if (significant) {
            int min = integer(options, "minimumSignificantDigits", 1, 21, 1);
            int max = integer(options, "maximumSignificantDigits", min, 21, 21);
            return formatter.precision(Precision.minMaxSignificantDigits(min, max));
        }
        if (!fraction && notation.equals("compact")) {
            return formatter;
        }
        int defaultMin = style.equals("currency") ? currencyDigits : 0;
        int defaultMax = style.equals("currency") ? currencyDigits : style.equals("percent") ? 0 : 3;
        Integer min = options.containsKey("minimumFractionDigits")
                ? integer(options, "minimumFractionDigits", 0, 100, 0) : null;
        Integer max = options.containsKey("maximumFractionDigits")
                ? integer(options, "maximumFractionDigits", 0, 100, 0) : null;
        if (min == null) {
            min = max == null ? defaultMin : Math.min(defaultMin, max);
        }
        if (max == null) {
            max = Math.max(defaultMax, min);
        } else if (min > max) {
            throw new IntlError("maximumFractionDigits value is out of range.");
        }
        return formatter.precision(Precision.minMaxFraction(min, max));
    }

    private static String text(Map<String, Object> options, String name, String fallback, List<String> allowed) {
        Object value = options.get(name);
        if (value == null) {
            return fallback;
        }
        String text = value instanceof Double number ? JsValues.numberToString(number) : value.toString();
        if (allowed != null && !allowed.contains(text)) {
            throw new IntlError("Value " + text + " out of range for Intl.NumberFormat options property " + name);
        }
        return text;
    }

    private static int integer(Map<String, Object> options, String name, int min, int max, int fallback) {
        Object value = options.get(name);
        if (value == null) {
            return fallback;
        }
        double number = value instanceof Double d ? d : value instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
        if (Double.isNaN(number) || number < min || number > max) {
            throw new IntlError(name + " value is out of range.");
        }
        return (int) Math.floor(number);
    }

    /** An error as V8's Intl throws it; its message is shown to users. */
    private static final class IntlError extends RuntimeException {
        IntlError(String message) {
            super(message, null, false, false);
        }
    }
}
