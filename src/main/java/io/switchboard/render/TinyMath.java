package io.switchboard.render;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Kibana's {@code EvalMath} lambda: a tinymath expression over the variables of the current section, e.g.
 * {@code 1 + context.a.b} or {@code round(divide(context.bytes, 1024), 2)}. Evaluated by Apache Commons JEXL limited
 * to expressions: no assignments, loops, method calls, object creation, lambdas or scripts; names reach only the
 * variables, and functions only those below. Arithmetic is in doubles, as in JavaScript.
 *
 * <p>tinymath functions supported: abs, add, cbrt, ceil, clamp, cos, count, cube, degtorad, divide, exp, first, fix,
 * floor, last, log, log10, max, mean, median, min, mod, multiply, pi, pow, radtodeg, range, round, size, sin, sqrt,
 * square, subtract, sum, tan, unique, eq, neq, gt, gte, lt, lte, ifelse; operators {@code + - * /}, unary minus and
 * comparisons. Not supported: {@code mode} and {@code random}, and the element-wise forms of the scalar functions on
 * arrays (e.g. {@code add([1,2], 1)}); the aggregate functions do take arrays. Parse errors are worded by JEXL, not as
 * tinymath words them.
 */
final class TinyMath {

    private static final JexlEngine ENGINE = new JexlBuilder()
            .features(new JexlFeatures()
                    .script(false).loops(false).sideEffect(false).sideEffectGlobal(false).newInstance(false)
                    .lambda(false).methodCall(false).structuredLiteral(false).annotation(false).pragma(false)
                    .importPragma(false).namespacePragma(false).localVar(false).register(false))
            .permissions(JexlPermissions.RESTRICTED.compose("io.switchboard.render.*"))
            .namespaces(functionNamespace())
            .arithmetic(new DoubleArithmetic())
            .strict(true)
            .silent(false)
            .safe(false)
            .cache(256)
            .create();

    private TinyMath() {
    }

    private static Map<String, Object> functionNamespace() {
        Map<String, Object> namespaces = new HashMap<>();
        namespaces.put(null, Functions.class);
        return namespaces;
    }

    static Lambdas.Outcome evaluate(String expression, Object scope) {
        MapContext variables = new MapContext();
        if (scope instanceof JsObject object) {
            object.forEach(variables::set);
        }
        try {
            JexlScript script = ENGINE.createScript(expression);
            // tinymath refuses a name that leads nowhere, where JEXL would carry on with null
            for (List<String> path : script.getVariables()) {
                if (!resolves(scope, path)) {
                    return failed(expression, "Unknown variable: " + String.join(".", path));
                }
            }
            Object result = script.execute(variables);
            return Lambdas.Outcome.ok(JsValues.toJsString(result instanceof Number number
                    ? Double.valueOf(number.doubleValue())
                    : result));
        } catch (JexlException.Variable unknown) {
            return failed(expression, "Unknown variable: " + unknown.getVariable());
        } catch (JexlException.Method unknown) {
            return failed(expression, "No such function: " + unknown.getMethod());
        } catch (JexlException.Parsing | JexlException.Tokenization invalid) {
            return failed(expression, "Failed to parse expression. " + invalid.getMessage());
        } catch (JexlException failure) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return failed(expression, cause.getMessage());
        } catch (RuntimeException failure) {
            return failed(expression, failure.getMessage());
        }
    }

    private static boolean resolves(Object scope, List<String> path) {
        Object current = scope;
        for (String name : path) {
            if (current instanceof JsObject object && object.containsKey(name)) {
                current = object.get(name);
            } else if (current instanceof JsArray array && name.matches("\\d{1,9}")
                    && Integer.parseInt(name) < array.size()) {
                current = array.get(Integer.parseInt(name));
            } else {
                return false;
            }
        }
        return true;
    }

    private static Lambdas.Outcome failed(String expression, String message) {
        return Lambdas.Outcome.failed("error evaluating tinymath expression \"" + expression + "\": " + message);
    }

    /** JavaScript numbers: every operation on numbers in doubles ({@code 1 / 2} is 0.5), dividing by 0 refused. */
    // JEXL finds operators and functions by reflection: a native image must keep them.
    @RegisterForReflection
    public static final class DoubleArithmetic extends JexlArithmetic {

        DoubleArithmetic() {
            super(true);
        }

        @Override
        public Object add(Object left, Object right) {
            return numbers(left, right) ? toDouble(left) + toDouble(right) : super.add(left, right);
        }

        @Override
        public Object subtract(Object left, Object right) {
            return toDouble(left) - toDouble(right);
        }

        @Override
        public Object multiply(Object left, Object right) {
            return toDouble(left) * toDouble(right);
        }

        @Override
        public Object divide(Object left, Object right) {
            return Functions.divide(toDouble(left), toDouble(right));
        }

        @Override
        public Object mod(Object left, Object right) {
            return Functions.mod(toDouble(left), toDouble(right));
        }

        private static boolean numbers(Object left, Object right) {
            return left instanceof Number && right instanceof Number;
        }
    }

    /** The tinymath functions, callable without a prefix. */
    @RegisterForReflection
    public static final class Functions {

        private Functions() {
        }

        public static double abs(double a) {
            return Math.abs(a);
        }

        public static double add(double... values) {
            double sum = 0;
            for (double value : values) {
                sum += value;
            }
            return sum;
        }

        public static double cbrt(double a) {
            return Math.cbrt(a);
        }

        public static double ceil(double a) {
            return Math.ceil(a);
        }

        public static double clamp(double a, double min, double max) {
            if (max < min) {
                throw new IllegalArgumentException("Min must be less than max");
            }
            return Math.min(max, Math.max(min, a));
        }

        public static double cos(double a) {
            return Math.cos(a);
        }

        public static double count(Collection<?> values) {
            return values.size();
        }

        public static double cube(double a) {
            return a * a * a;
        }

        public static double degtorad(double a) {
            return a * Math.PI / 180;
        }

        public static double divide(double a, double b) {
            if (b == 0) {
                throw new ArithmeticException("Cannot divide by 0");
            }
            return a / b;
        }

        public static double exp(double a) {
            return Math.exp(a);
        }

        public static Object first(List<?> values) {
            return values.isEmpty() ? null : values.get(0);
        }

        public static double fix(double a) {
            return a < 0 ? Math.ceil(a) : Math.floor(a);
        }

        public static double floor(double a) {
            return Math.floor(a);
        }

        public static Object last(List<?> values) {
            return values.isEmpty() ? null : values.get(values.size() - 1);
        }

        public static double log(double a) {
            return log(a, Math.E);
        }

        public static double log(double a, double base) {
            if (base <= 0) {
                throw new ArithmeticException("Base out of range");
            }
            if (a <= 0) {
                throw new ArithmeticException("Must be greater than 0");
            }
            return Math.log(a) / Math.log(base);
        }

        public static double log10(double a) {
            return log(a, 10);
        }

        public static double max(Object... values) {
            return flatten(values).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NEGATIVE_INFINITY);
        }

        public static double mean(Object... values) {
            List<Double> all = flatten(values);
            return sum(values) / all.size();
        }

        public static double median(Object... values) {
            List<Double> all = new ArrayList<>(flatten(values));
            all.sort(Double::compare);
            int middle = all.size() / 2;
            return all.size() % 2 == 1 ? all.get(middle) : (all.get(middle - 1) + all.get(middle)) / 2;
        }

        public static double min(Object... values) {
            return flatten(values).stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
        }

        public static double mod(double a, double b) {
            if (b == 0) {
                throw new ArithmeticException("Cannot divide by 0");
            }
            return a % b;
        }

        public static double multiply(double a, double b) {
            return a * b;
        }

        public static double pi() {
            return Math.PI;
        }

        public static double pow(double a, double b) {
            return Math.pow(a, b);
        }

        public static double radtodeg(double a) {
            return a * 180 / Math.PI;
        }

        public static double range(Object... values) {
            return max(values) - min(values);
        }

        public static double round(double a) {
            return round(a, 0);
        }

        public static double round(double a, double decimals) {
            double scale = Math.pow(10, decimals);
            return Math.floor(a * scale + 0.5) / scale;
        }

        public static double size(Collection<?> values) {
            return values.size();
        }

        public static double sin(double a) {
            return Math.sin(a);
        }

        public static double sqrt(double a) {
            if (a < 0) {
                throw new ArithmeticException("Unable find the square root of a negative number");
            }
            return Math.sqrt(a);
        }

        public static double square(double a) {
            return a * a;
        }

        public static double subtract(double a, double b) {
            return a - b;
        }

        public static double sum(Object... values) {
            return flatten(values).stream().mapToDouble(Double::doubleValue).sum();
        }

        public static double tan(double a) {
            return Math.tan(a);
        }

        public static List<Object> unique(List<?> values) {
            return new ArrayList<>(new LinkedHashSet<>(values));
        }

        public static boolean eq(double a, double b) {
            return a == b;
        }

        public static boolean neq(double a, double b) {
            return a != b;
        }

        public static boolean gt(double a, double b) {
            return a > b;
        }

        public static boolean gte(double a, double b) {
            return a >= b;
        }

        public static boolean lt(double a, double b) {
            return a < b;
        }

        public static boolean lte(double a, double b) {
            return a <= b;
        }

        public static Object ifelse(boolean condition, Object whenTrue, Object whenFalse) {
            return condition ? whenTrue : whenFalse;
        }

        private static List<Double> flatten(Object[] values) {
            List<Double> all = new ArrayList<>();
            for (Object value : values) {
                if (value instanceof Collection<?> many) {
                    many.forEach(element -> all.add(toNumber(element)));
                } else {
                    all.add(toNumber(value));
                }
            }
            return all;
        }

        private static double toNumber(Object value) {
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            throw new IllegalArgumentException("Expected a number but got " + JsValues.toJsString(value));
        }
    }
}
