#!/bin/bash
# Mail-auth cost on the MX port: the same SMTP load with MailAuth:Verify on and off, DNS answered by dnsmasq on loopback.
# Run from the repository root after `dotnet build -c Release src/Wren bench/Wren.Bench`, with dnsmasq answering on
# 127.0.0.1:5399 (see bench/RESULTS.md, "Mail authentication on the MX port").
W="dotnet src/Wren/bin/Release/net10.0/wren.dll"
B="dotnet bench/Wren.Bench/bin/Release/net10.0/Wren.Bench.dll"
for rep in 1 2 3; do for verify in true false; do
  D=/tmp/authbench-data; rm -rf $D
  $W domain add example.test --data $D >/dev/null; echo pw | $W user add b@example.test --password-stdin --data $D >/dev/null
  WREN__DNS__SERVERS__0=127.0.0.1:5399 WREN__MAILAUTH__VERIFY=$verify WREN__LISTENERS__SMTP__0=127.0.0.1:2531 \
    $W serve --data $D --set Listeners:Submission:0= --set Listeners:Submissions:0= --set Listeners:Pop3:0= --set Listeners:Pop3s:0= > /tmp/authbench.log 2>&1 &
  PID=$!
  until grep -q 'wren: ready' /tmp/authbench.log; do sleep 0.2; done
  echo "== rep $rep verify=$verify"
  $B smtp --server 127.0.0.1:2531 --pid $PID --connections 20 --messages 5000 --size 4096 --from a@example.test --to b@example.test | grep -E "messages/s|latency|server|errors"
  grep -m1 "spf=" /tmp/authbench.log | sed 's/.*MailAuthStep\[0\] //' 
  kill $PID; wait $PID 2>/dev/null
done; done
