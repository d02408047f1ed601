"""Many polling clients at once (bench/connections.sh): opens CLIENTS keep-alive connections, polls a
random id on each, then polls again on every connection every INTERVAL seconds for DURATION seconds,
as SDK clients polling a video do. Prints a line once all are open, then one per sweep."""
import random
import socket
import sys
import time

clients, port, key, ids_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
duration, interval = float(sys.argv[5]), float(sys.argv[6])
ids = open(ids_file).read().split()


def send(sock):
    request = f"GET /v1/videos/{random.choice(ids)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\r\n"
    sock.sendall(request.encode())


def answered(sock):
    return sock.recv(65536).startswith(b"HTTP/1.1 200")  # a poll's answer is ~1 KB: one read


def poll(sock):
    send(sock)
    return answered(sock)


def sweep(socks):
    """Every client's poll in flight at once, then every answer read: clients are independent."""
    sent, failed = [], 0
    for sock in socks:
        try:
            send(sock)
            sent.append(sock)
        except OSError:
            failed += 1
    for sock in sent:
        try:
            failed += 0 if answered(sock) else 1
        except OSError:
            failed += 1
    return failed


socks, failed = [], 0
for _ in range(clients):
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        socks.append(sock)
        failed += 0 if poll(sock) else 1
    except OSError:
        failed += 1
print(f"open {len(socks)} of {clients}, failed polls {failed}", flush=True)
end = time.time() + duration
while time.time() < end:
    start = time.time()
    failed = sweep(socks)
    print(f"sweep of {len(socks)} polls in {time.time() - start:.1f} s, failed {failed}", flush=True)
    time.sleep(max(0.0, interval - (time.time() - start)))
