package io.switchboard.connector.email;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTML part of an email, rendered from the markdown message as Kibana renders it with markdown-it
 * ({@code linkify: true}, {@code html: false}): HTML written in the message is shown as text, never passed through,
 * and a link or image whose URL markdown-it's {@code validateLink} refuses ({@code javascript:}, {@code vbscript:},
 * {@code file:}, and {@code data:} other than GIF, PNG, JPEG and WebP images) is left as the text that was written.
 * Recipients open this HTML in their mail readers, so what a rule puts in a message must not become markup there.
 */
final class MessageHtml {

    /** markdown-it's {@code BAD_PROTO_RE} and {@code GOOD_DATA_RE}, applied to the trimmed, lower-cased URL. */
    private static final Pattern REFUSED_SCHEME = Pattern.compile("^(vbscript|javascript|file|data):");
    private static final Pattern ALLOWED_DATA = Pattern.compile("^data:image/(gif|png|jpeg|webp);");

    private static final List<Extension> EXTENSIONS = List.of(AutolinkExtension.create());
    /** Every block type but HTML blocks: with {@code html: false} such lines are an ordinary paragraph. */
    private static final Set<Class<? extends Block>> BLOCKS = Set.of(Heading.class, ThematicBreak.class,
            FencedCodeBlock.class, IndentedCodeBlock.class, BlockQuote.class, ListBlock.class);
    /** Inline HTML becomes text before links are found in text, so a URL written in a tag is linked as in Kibana. */
    private static final Parser MARKDOWN = Parser.builder().postProcessor(MessageHtml::htmlAsText)
            .extensions(EXTENSIONS).enabledBlockTypes(BLOCKS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    /** Escaping HTML as well: should any raw HTML node remain, it is still written as text. */
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
            .nodeRendererFactory(HtmlVoidTags::new).build();

    private MessageHtml() {
    }

    static String render(String markdown) {
        Node document = MARKDOWN.parse(markdown);
        RefusedLinks refused = new RefusedLinks();
        document.accept(refused);
        refused.found.forEach(link -> writeOut(link, markdown));
        return HTML.render(document);
    }

    /** Inline HTML as the plain text it was written as, as markdown-it reads it with {@code html: false}. */
    private static Node htmlAsText(Node document) {
        List<HtmlInline> tags = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlInline html) {
                tags.add(html);
            }
        });
        for (HtmlInline tag : tags) {
            Text text = new Text(tag.getLiteral());
            text.setSourceSpans(tag.getSourceSpans());
            tag.insertBefore(text);
            tag.unlink();
        }
        return document;
    }

    /** Whether markdown-it's {@code validateLink} lets this URL be a link or an image. */
    static boolean linkable(String url) {
        String normalised = url.strip().toLowerCase(Locale.ROOT);
        return !REFUSED_SCHEME.matcher(normalised).find() || ALLOWED_DATA.matcher(normalised).find();
    }

    /**
     * Replaces a refused link by what markdown-it shows for it: the brackets, parentheses and URL as text around
     * the label, which stays formatted. An autolink found in plain text has neither, and keeps only its text.
     */
    private static void writeOut(Node link, String markdown) {
        List<SourceSpan> spans = link.getSourceSpans();
        Node first = link.getFirstChild();
        Node last = link.getLastChild();
        String before = "";
        String after = "";
        if (first == null) {
            before = source(markdown, spans, 0, markdown.length());
        } else if (!first.getSourceSpans().isEmpty() && !last.getSourceSpans().isEmpty()) {
            before = source(markdown, spans, 0, first.getSourceSpans().getFirst().getInputIndex());
            after = source(markdown, spans, end(last.getSourceSpans().getLast()), markdown.length());
        }
        if (!before.isEmpty()) {
            link.insertBefore(new Text(before));
        }
        for (Node child = first; child != null; ) {
            Node next = child.getNext();
            link.insertBefore(child);
            child = next;
        }
        if (!after.isEmpty()) {
            link.insertBefore(new Text(after));
        }
        link.unlink();
    }

    /** The written text of the spans between two input positions; the spans of one node are joined by line ends. */
    private static String source(String markdown, List<SourceSpan> spans, int from, int to) {
        List<String> pieces = new ArrayList<>();
        for (SourceSpan span : spans) {
            int start = Math.max(span.getInputIndex(), from);
            int end = Math.min(end(span), to);
            if (start < end) {
                pieces.add(markdown.substring(start, end));
            }
        }
        return String.join("\n", pieces);
    }

    private static int end(SourceSpan span) {
        return span.getInputIndex() + span.getLength();
    }

    /** Collects first, changes after: the tree is not edited while it is walked. */
    private static final class RefusedLinks extends AbstractVisitor {
        private final List<Node> found = new ArrayList<>();

        @Override
        public void visit(Link link) {
            if (!linkable(link.getDestination())) {
                found.add(link);
            }
            visitChildren(link);
        }

        @Override
        public void visit(Image image) {
            if (!linkable(image.getDestination())) {
                found.add(image);
            }
            visitChildren(image);
        }
    }

    /** markdown-it writes void elements as HTML ({@code <hr>}), where commonmark writes XHTML ({@code <hr />}). */
    private static final class HtmlVoidTags implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        HtmlVoidTags(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(ThematicBreak.class, HardLineBreak.class);
        }

        @Override
        public void render(Node node) {
            if (node instanceof ThematicBreak) {
                html.line();
                html.tag("hr", context.extendAttributes(node, "hr", Map.of()));
                html.line();
            } else {
                html.tag("br", context.extendAttributes(node, "br", Map.of()));
                html.line();
            }
        }
    }
}
