package com.snapmap.gateway;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** A map tile server for tests: every /{z}/{x}/{y}.png is a 256 px PNG of one colour it makes itself. */
final class TileServer implements AutoCloseable {

    private static final Pattern TILE = Pattern.compile("/(\\d+)/(\\d+)/(\\d+)\\.png");

    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    private TileServer(HttpServer server) {
        this.server = server;
    }

    static TileServer start(Color colour) throws IOException {
        byte[] png = tile(colour);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TileServer t = new TileServer(http);
        http.createContext("/", exchange -> {
            Matcher m = TILE.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            t.served.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(png);
            }
        });
        http.start();
        return t;
    }

    private static byte[] tile(Color colour) throws IOException {
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 256, 256);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    String urlTemplate() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/{z}/{x}/{y}.png";
    }

    /** Tiles served so far. */
    int served() {
        return served.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
