// Builds against an installed libmoq through find_package(moq) and checks it runs.
#include <moq/path.h>
#include <moq/wire/decode.h>

int main() {
  moq::wire::Writer writer;
  moq::wire::encode(writer, moq::Path::parse("a/b"));
  return writer.finish().size() == 5 ? 0 : 1;
}
