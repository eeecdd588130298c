#include "stats/formula.h"

#include <algorithm>
#include <cctype>

namespace exo::stats {

namespace {

struct Token {
  std::string text;  // identifier, "0", "1", or a symbol: ~ + - * : ( ) | || /
  size_t pos = 0;
};

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '.') {
      size_t j = i;
      while (j < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '.'))
        ++j;
      out.push_back({std::string(s.substr(i, j - i)), i});
      i = j;
      continue;
    }
    if (c == '0' || c == '1') {
      if (i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i + 1])))
        return Invalid("formula:" + std::to_string(i + 1), "err.formula_token",
                       {std::string(1, c)});
      out.push_back({std::string(1, c), i});
      ++i;
      continue;
    }
    if (c == '|' && i + 1 < s.size() && s[i + 1] == '|') {
      out.push_back({"||", i});
      i += 2;
      continue;
    }
    if (std::string_view("~+-*:()|/").find(c) != std::string_view::npos) {
      out.push_back({std::string(1, c), i});
      ++i;
      continue;
    }
    return Invalid("formula:" + std::to_string(i + 1), "err.formula_token", {std::string(1, c)});
  }
  return out;
}

bool IsName(const std::string& t) {
  return !t.empty() &&
         (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_' || t[0] == '.');
}

// The most variables one product (a*b*c) may cross.
constexpr size_t kMaxCrossedFactors = 6;

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view text)
      : t_(std::move(tokens)), text_(text), end_(text.size()) {}

  Result<Formula> Parse() {
    Formula f;
    if (!IsName(Peek())) return Expect("a response variable");
    f.response = Next();
    if (Peek() != "~") return Expect("~");
    Next();
    bool first = true;
    while (i_ < t_.size()) {
      bool minus = false;
      if (Peek() == "+" || Peek() == "-") {
        minus = Next() == "-";
      } else if (!first) {
        return Expect("+ or -");
      }
      first = false;
      if (Peek() == "(") {
        if (minus) return Expect("a term (a random part cannot be removed)");
        auto ok = RandomTerm(f);
        if (!ok) return ok.error();
        continue;
      }
      if (Peek() == "0" || Peek() == "1") {
        const bool one = Next() == "1";
        f.intercept = minus ? !one : one;
        continue;
      }
      auto product = Product();
      if (!product) return product.error();
      for (auto& term : *product) {
        auto same = [&term](const std::vector<std::string>& t) {
          auto a = t, b = term;
          std::sort(a.begin(), a.end());
          std::sort(b.begin(), b.end());
          return a == b;
        };
        auto it = std::find_if(f.terms.begin(), f.terms.end(), same);
        if (minus) {
          if (it != f.terms.end()) f.terms.erase(it);
        } else if (it == f.terms.end()) {
          f.terms.push_back(term);
        }
      }
    }
    std::stable_sort(f.terms.begin(), f.terms.end(),
                     [](const auto& a, const auto& b) { return a.size() < b.size(); });
    if (f.random.empty()) return Invalid("formula", "err.formula_no_random");
    return f;
  }

 private:
  const std::string& Peek() const {
    static const std::string kEnd;
    return i_ < t_.size() ? t_[i_].text : kEnd;
  }
  std::string Next() { return t_[i_++].text; }
  Error Expect(const std::string& what) const {
    const size_t pos = i_ < t_.size() ? t_[i_].pos : end_;
    return Invalid("formula:" + std::to_string(pos + 1), "err.formula_expected",
                   {what, i_ < t_.size() ? t_[i_].text : "(end)"});
  }

  // a, a:b, a*b, a*b:c ... expanded into terms.
  Result<std::vector<std::vector<std::string>>> Product() {
    std::vector<std::vector<std::vector<std::string>>> factors;  // each: list of terms
    while (true) {
      std::vector<std::string> inter;
      if (!IsName(Peek())) return Expect("a variable");
      inter.push_back(Next());
      while (Peek() == ":") {
        Next();
        if (!IsName(Peek())) return Expect("a variable after :");
        inter.push_back(Next());
      }
      factors.push_back({inter});
      if (Peek() != "*") break;
      // a*b*c*... expands into 2^n - 1 terms: more than a clinic's data can inform, and
      // exponential to expand (found by fuzz_formula).
      if (factors.size() >= kMaxCrossedFactors)
        return Invalid("formula:" + std::to_string(t_[i_].pos + 1), "err.formula_too_many_crossed",
                       {std::to_string(kMaxCrossedFactors)});
      Next();
    }
    // a*b = a + b + a:b; generally every non-empty combination, in R's order.
    std::vector<std::vector<std::string>> out;
    for (const auto& f : factors) {
      const size_t n = out.size();
      out.push_back(f[0]);
      for (size_t k = 0; k < n; ++k) {
        auto t = out[k];
        t.insert(t.end(), f[0].begin(), f[0].end());
        out.push_back(t);
      }
    }
    return out;
  }

  Status RandomTerm(Formula& f) {
    const size_t open = t_[i_].pos;
    Next();  // (
    RandomPart part;
    bool first = true;
    while (Peek() != "|" && Peek() != "||") {
      bool minus = false;
      if (Peek() == "+" || Peek() == "-") {
        minus = Next() == "-";
      } else if (!first) {
        return Expect("+, | or ||");
      }
      first = false;
      if (Peek() == "0" || Peek() == "1") {
        const bool one = Next() == "1";
        part.intercept = minus ? !one : one;
        continue;
      }
      if (!IsName(Peek())) return Expect("1, 0 or a variable");
      if (minus) return Expect("a variable (only the intercept can be removed)");
      part.slopes.push_back(Next());
    }
    const bool uncorrelated = Next() == "||";
    // Grouping: segments separated by `/`, each a name or an interaction `a:b`.
    std::vector<std::string> segments;
    while (true) {
      if (!IsName(Peek())) return Expect("a grouping factor");
      std::string segment = Next();
      while (Peek() == ":") {
        Next();
        if (!IsName(Peek())) return Expect("a grouping factor after :");
        segment += ":" + Next();
      }
      segments.push_back(segment);
      if (Peek() != "/") break;
      Next();
    }
    if (Peek() != ")") return Expect(")");
    part.text = std::string(text_.substr(open, t_[i_].pos + 1 - open));
    Next();
    if (!part.intercept && part.slopes.empty()) return Expect("a random intercept or slope");
    // `a/b/c` is `c:(b:a) + b:a + a`, deepest first as lme4's findbars lists it.
    std::vector<std::string> groups = {segments[0]};
    for (size_t k = 1; k < segments.size(); ++k) {
      const std::string& outer = groups.back();
      groups.push_back(segments[k] + ":" +
                       (outer.find(':') == std::string::npos ? outer : "(" + outer + ")"));
    }
    std::reverse(groups.begin(), groups.end());
    for (const auto& group : groups) {
      part.group = group;
      if (uncorrelated && part.intercept + part.slopes.size() > 1) {
        if (part.intercept) f.random.push_back({true, {}, true, group, part.text});
        for (const auto& s : part.slopes) f.random.push_back({false, {s}, true, group, part.text});
      } else {
        f.random.push_back(part);
      }
    }
    return OkStatus();
  }

  std::vector<Token> t_;
  std::string_view text_;
  size_t end_;
  size_t i_ = 0;
};

}  // namespace

std::vector<std::string> GroupVariables(std::string_view group) {
  std::vector<std::string> out;
  std::string name;
  for (const char c : group) {
    if (c == ':' || c == '(' || c == ')') {
      if (!name.empty()) out.push_back(name);
      name.clear();
    } else {
      name.push_back(c);
    }
  }
  if (!name.empty()) out.push_back(name);
  return out;
}

std::vector<std::string> GroupingFactors(const Formula& formula) {
  std::vector<std::string> out;
  for (const auto& part : formula.random)
    if (std::find(out.begin(), out.end(), part.group) == out.end()) out.push_back(part.group);
  return out;
}

Result<Formula> ParseFormula(std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens) return tokens.error();
  return Parser(std::move(*tokens), text).Parse();
}

}  // namespace exo::stats
