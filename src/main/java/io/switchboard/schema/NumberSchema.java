package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;

import java.math.BigDecimal;
import java.util.List;

/** {@code schema.number()}: also accepts strings holding a number. */
public final class NumberSchema extends Schema {

    private Double min;
    private Double max;

    public NumberSchema min(double min) {
        this.min = min;
        return this;
    }

    public NumberSchema max(double max) {
        this.max = max;
        return this;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        JsonNode number = value != null && value.isNumber() ? value : parse(value);
        if (number == null) {
            throw new SchemaError(path, "expected value of type [number] but got [" + typeName(value) + "]");
        }
        if (min != null && number.doubleValue() < min) {
            throw new SchemaError(path, "Value must be equal to or greater than [" + format(min) + "].");
        }
        if (max != null && number.doubleValue() > max) {
            throw new SchemaError(path, "Value must be equal to or lower than [" + format(max) + "].");
        }
        return number;
    }

    private static JsonNode parse(JsonNode value) {
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        try {
            BigDecimal parsed = new BigDecimal(value.textValue().trim());
            try {
                return LongNode.valueOf(parsed.longValueExact());
            } catch (ArithmeticException notWhole) {
                return DoubleNode.valueOf(parsed.doubleValue());
            }
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String format(double limit) {
        return limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit);
    }
}
