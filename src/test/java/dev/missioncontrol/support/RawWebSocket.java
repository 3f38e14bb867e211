package dev.missioncontrol.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A WebSocket client that writes frames byte by byte (RFC 6455 section 5.2), so tests can send what no well-behaved
 * client library would: reserved bits, invalid UTF-8, oversized frames. Reads the server's (unmasked) frames.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Opcodes (RFC 6455 section 5.2). */
    public static final int TEXT = 0x1;

    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        /** @return the payload as UTF-8 text */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** @return a close frame's status code, or -1 if this is not a close frame with one */
        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random random = new Random(7);
    /** The response head of the upgrade. */
    public final String head;

    private RawWebSocket(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.head = head;
    }

    /**
     * Opens a TCP connection and sends an upgrade request.
     *
     * @param http         the service's base URI ({@code http://host:port/})
     * @param path         for example {@code /comms}
     * @param extraHeaders more header lines, each ending in CRLF; may be empty
     * @return the connection, whatever the server answered (see {@link #head})
     */
    public static RawWebSocket open(URI http, String path, String extraHeaders) throws IOException {
        return open(http, path, extraHeaders, 0);
    }

    /**
     * Opens a connection as {@link #open(URI, String, String)} does, with a small TCP receive buffer: a client that
     * then stops reading backs the server up after little data, as a slow reader on a poor link does.
     *
     * @param receiveBufferBytes the socket's receive buffer, set before connecting; 0 for the system default
     */
    public static RawWebSocket open(URI http, String path, String extraHeaders, int receiveBufferBytes)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 5000);
        socket.setSoTimeout(10_000);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + http.getHost() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return new RawWebSocket(socket, head.toString());
    }

    /** Sends one final, masked frame with no reserved bits. */
    public void send(int opcode, byte[] payload) throws IOException {
        send(true, 0, opcode, payload);
    }

    /**
     * Sends one masked frame.
     *
     * @param fin     the FIN bit
     * @param rsv     the three reserved bits, 0 to 7 (RSV1 is 4)
     * @param opcode  the opcode
     * @param payload the unmasked payload
     */
    public void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** @return the next frame from the server, pings included */
    public Frame next() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** @return the next frame that is not a ping or pong */
    public Frame nextMessage() throws IOException {
        while (true) {
            Frame frame = next();
            if (frame.opcode() != PING && frame.opcode() != PONG) {
                return frame;
            }
        }
    }

    /** @return true if the server has closed the TCP connection (reads end of stream) within the read timeout */
    public boolean closedByServer() {
        return closedByServer(in);
    }

    /**
     * Reads and discards until the end of the stream or the socket's read timeout.
     *
     * @param in a socket's input
     * @return true if the peer closed the connection (end of stream, or a reset), false if the read timed out
     */
    public static boolean closedByServer(java.io.InputStream in) {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset counts as closed too.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
