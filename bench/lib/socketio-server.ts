/**
 * The reference for bench:fanout: the common Node design, a Socket.IO server
 * broadcasting to a room. No database: a "bid" is acknowledged at once and its
 * two events (bid_placed, price_changed, shaped like Gavel's) are emitted to the
 * room, so the reference is measured on fan-out alone (favouring it).
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 3100);
let seq = 0;
const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/bid') {
    const at = new Date().toISOString();
    seq += 1;
    io.to('auction').emit('event', {
      auctionId: 'ref',
      seq,
      event: { type: 'bid_placed', bidder: 'bidder-abc123', amount: seq * 100, kind: 'manual', at },
    });
    seq += 1;
    io.to('auction').emit('event', {
      auctionId: 'ref',
      seq,
      event: { type: 'price_changed', price: seq * 100, leadingBidder: 'bidder-abc123', reserveMet: true, at },
    });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ auction: { seq } }));
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(http, { perMessageDeflate: false, transports: ['websocket'], serveClient: false });
io.on('connection', (socket) => {
  socket.on('join', (ack?: () => void) => {
    void socket.join('auction');
    if (typeof ack === 'function') ack();
  });
});
http.listen(port, '127.0.0.1', () => console.log('socket.io reference ready'));
