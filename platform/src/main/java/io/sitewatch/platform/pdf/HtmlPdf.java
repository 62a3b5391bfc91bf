package io.sitewatch.platform.pdf;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A printable XHTML page as PDF (openhtmltopdf over PDFBox), with its fonts embedded so that it
 * reads the same on any machine: a Chinese TrueType font cut to GB2312 and the project's data (Droid
 * Sans Fallback, Apache-2.0) and a Latin one for letters, digits and signs such as ≥ and ★ (DejaVu
 * Sans), both shipped in {@code fonts/} (see its README for where they come from). A page names
 * them as {@link #LATIN_FONT} and {@link #CJK_FONT} in its CSS (a browser has neither and uses the
 * families after them). The rating report and the warning letters print through it. Blocking work
 * of a few hundred milliseconds: callers on an event loop run it on a worker.
 */
public final class HtmlPdf {

    /** Font families the PDF registers (the browser has none of them and uses the ones after). */
    public static final String LATIN_FONT = "SiteWatch Latin";
    public static final String CJK_FONT = "SiteWatch CJK";

    private static final Logger LOG = LoggerFactory.getLogger(HtmlPdf.class);
    private static final String DIR = "/fonts/";
    private static volatile Fonts fonts;

    private HtmlPdf() {
    }

    private record Fonts(byte[] latin, byte[] latinBold, byte[] cjk) {
    }

    /** The page as PDF; {@code title} names it in an error. */
    public static byte[] render(String xhtml, String title) {
        Fonts f = fonts();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.withProducer("SiteWatch");
            b.useFont(() -> new ByteArrayInputStream(f.latin()), LATIN_FONT, 400, FontStyle.NORMAL, true);
            b.useFont(() -> new ByteArrayInputStream(f.latinBold()), LATIN_FONT, 700, FontStyle.NORMAL, true);
            // the Chinese font serves every weight (it has one) and any character the others lack
            for (int weight : new int[] {400, 700}) {
                b.useFont(() -> new ByteArrayInputStream(f.cjk()), CJK_FONT, weight, FontStyle.NORMAL, true,
                        EnumSet.of(FSFontUseCase.DOCUMENT, FSFontUseCase.FALLBACK_FINAL));
            }
            b.withHtmlContent(xhtml, null);
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering as PDF failed: " + title, e);
        }
        return out.toByteArray();
    }

    private static Fonts fonts() {
        Fonts f = fonts;
        if (f == null) {
            // the renderer logs through java.util.logging by default: through the service's logging instead
            XRLog.setLoggerImpl(new Slf4jLogger());
            f = new Fonts(read("DejaVuSans-Latin.ttf"), read("DejaVuSans-Bold-Latin.ttf"), read("DroidSansFallback-GB2312.ttf"));
            fonts = f;
        }
        return f;
    }

    private static byte[] read(String name) {
        try (InputStream in = HtmlPdf.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("font " + DIR + name + " missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** openhtmltopdf's messages at debug (its warnings about CSS it ignores are not the user's concern). */
    private static final class Slf4jLogger implements XRLogger {
        @Override
        public void log(String where, Level level, String msg) {
            log(where, level, msg, null);
        }

        @Override
        public void log(String where, Level level, String msg, Throwable th) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                LOG.warn("{}: {}", where, msg, th);
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {}", where, msg, th);
            }
        }

        @Override
        public void setLevel(String logger, Level level) {
        }

        @Override
        public boolean isLogLevelEnabled(Diagnostic diagnostic) {
            return diagnostic.getLevel().intValue() >= Level.SEVERE.intValue() || LOG.isDebugEnabled();
        }

        @Override
        public void log(Diagnostic d) {
            log("openhtmltopdf", d.getLevel(), d.getFormattedMessage(), d.getError());
        }
    }
}
