#include "server/reply.h"

namespace exo::server {

Reply RawReply(std::string body, std::string content_type, int status) {
  Reply r;
  r.status = status;
  r.raw_body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Result<Reply> RawReply(Result<std::string> body, std::string content_type) {
  if (!body) return body.error();
  return RawReply(std::move(*body), std::move(content_type));
}

}  // namespace exo::server
