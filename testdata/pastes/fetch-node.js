fetch("https://api.example.com/v1/items", {
  "headers": {
    "accept": "*/*",
    "cookie": "session=abc",
    "Referer": "http://localhost:3000/",
    "Referrer-Policy": "strict-origin-when-cross-origin"
  },
  "body": null,
  "method": "DELETE"
});
