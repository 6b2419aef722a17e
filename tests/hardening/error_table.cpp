#include "error_table.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hardening {

namespace {

std::string trim(const std::string& text) {
  size_t first = text.find_first_not_of(" `");
  if (first == std::string::npos) return {};
  size_t last = text.find_last_not_of(" `");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  std::getline(stream, cell, '|');  // before the first bar
  while (std::getline(stream, cell, '|')) cells.push_back(trim(cell));
  if (!cells.empty() && cells.back().empty()) cells.pop_back();
  return cells;
}

ErrorCase::Stream stream_of(const std::string& cell) {
  if (cell == "setup") return ErrorCase::Stream::setup;
  if (cell == "session") return ErrorCase::Stream::session;
  if (cell == "bi") return ErrorCase::Stream::bi;
  if (cell == "uni") return ErrorCase::Stream::uni;
  if (cell == "group") return ErrorCase::Stream::group;
  throw std::runtime_error("unknown stream kind " + cell);
}

void read_answer(const std::string& cell, ErrorCase& row) {
  std::stringstream stream(cell);
  std::string word;
  stream >> word >> row.code;
  if (!stream) throw std::runtime_error("unreadable answer " + cell);
  if (word == "close") {
    row.answer = ErrorCase::Answer::close;
  } else if (word == "stop") {
    row.answer = ErrorCase::Answer::stop;
  } else if (word == "stop+reset") {
    row.answer = ErrorCase::Answer::stop_reset;
  } else if (word == "abort") {
    row.answer = ErrorCase::Answer::abort;
  } else {
    throw std::runtime_error("unknown answer " + cell);
  }
}

// Hex may be split into several code spans: `02 00` `01`.
std::string hex_digits(std::string text) {
  std::erase_if(text, [](char c) { return c == ' ' || c == '`'; });
  return text;
}

}  // namespace

std::vector<ErrorCase> read_error_table(const std::string& markdown_path) {
  std::ifstream file(markdown_path);
  if (!file) throw std::runtime_error("cannot read " + markdown_path);
  std::vector<ErrorCase> rows;
  bool inside = false;
  std::string line;
  size_t number = 0;
  while (std::getline(file, line)) {
    ++number;
    if (line.starts_with("<!-- table:malformed -->")) {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (line.starts_with("<!-- end -->")) break;
    if (!line.starts_with("|") || line.starts_with("|---") || line.starts_with("| case")) continue;
    // | case | stream | bytes | then | answer | closes | reference 0.8.0 |
    std::vector<std::string> cells = cells_of(line);
    try {
      if (cells.size() < 6) throw std::runtime_error("too few cells");
      ErrorCase row;
      row.name = cells[0];
      row.stream = stream_of(cells[1]);
      row.hex = hex_digits(cells[2]);
      row.fin = cells[3] == "fin";
      read_answer(cells[4], row);
      row.closes_session = cells[5] == "session";
      rows.push_back(std::move(row));
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(markdown_path + ":" + std::to_string(number) + ": " + error.what());
    }
  }
  return rows;
}

}  // namespace hardening
