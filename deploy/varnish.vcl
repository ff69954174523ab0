vcl 4.1;

# Varnish in front of viewing-proxy: branches, homes and free times are answered from the cache, the same for
# every visitor, and a booking, move, cancellation or webhook the proxy sees takes that home's free times out of
# the cache at once (the proxy sends BAN to the addresses in its cache.purgeUrls).
#
# Set the backend to where viewing-proxy listens, and the ACL to the addresses the proxy sends its BANs from.

backend proxy {
  .host = "127.0.0.1";
  .port = "8787";
}

acl proxies {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "BAN") {
    if (client.ip !~ proxies) {
      return (synth(403, "Not allowed"));
    }
    # One home's free times, or every home's ("*").
    if (req.http.X-Viewing-Property == "*") {
      ban("obj.http.X-Viewing-Property ~ .");
    } else if (req.http.X-Viewing-Property ~ "^[A-Za-z0-9._:-]+$") {
      ban("obj.http.X-Viewing-Property == " + req.http.X-Viewing-Property);
    } else {
      return (synth(400, "X-Viewing-Property is missing or malformed"));
    }
    return (synth(200, "Banned"));
  }
  # Free times and the catalogue are the same for every visitor: cookies and the page's own headers are not
  # part of the answer (CORS answers vary by Origin, which the proxy says in Vary).
  if (req.url ~ "/v1/(branches|properties|slots)") {
    unset req.http.Cookie;
    unset req.http.Authorization;
  }
}

sub vcl_deliver {
  # The tag is for bans only.
  unset resp.http.X-Viewing-Property;
}
